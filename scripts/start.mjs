#!/usr/bin/env node
// `npm start`: build what is missing (turbo caches the rest), then run the Next.js server on an internal port and
// the API as the front door on PORT (default 3000), which serves /api itself and proxies the rest to Next.js.
// `npm run dev` does the same with hot reload. Either child exiting stops both.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dev = process.argv.includes('--dev');
const port = process.env.PORT ?? '3000';
const webPort = process.env.PLIMSOLL_WEB_PORT ?? String(Number(port) + 1);
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  PLIMSOLL_WEB_URL: process.env.PLIMSOLL_WEB_URL ?? `http://127.0.0.1:${webPort}`,
};

if (!dev) {
  const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
} else {
  spawnSync(
    'npx',
    [
      'turbo',
      'run',
      'build',
      '--filter=@plimsoll/shared',
      '--filter=@plimsoll/kube-sim',
      '--output-logs=errors-only',
    ],
    { cwd: root, env, stdio: 'inherit' },
  );
}

// Run Next.js and the API with node itself (not through npx), so a SIGTERM reaches the servers and no orphan keeps
// the ports open.
const nextBin = createRequire(`${root}/apps/web/package.json`).resolve('next/dist/bin/next');
const children = [
  spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-p', webPort, '-H', '127.0.0.1'], {
    cwd: `${root}/apps/web`,
    env: { ...env, PORT: webPort },
    stdio: ['ignore', 'ignore', 'inherit'],
  }),
  spawn(
    process.execPath,
    dev ? ['--import', 'tsx', '--watch', 'src/server.ts'] : ['dist/server.js'],
    {
      cwd: `${root}/apps/api`,
      env: { ...env, PORT: port },
      stdio: 'inherit',
    },
  ),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(
    children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null)),
  ).then(() => process.exit(code));
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
