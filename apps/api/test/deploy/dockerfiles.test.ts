import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

import { describe, expect, it } from 'vitest';

import { REPO_ROOT } from './manifests.js';

// There is no Docker engine on these machines, so the images cannot be built here. These tests hold the Dockerfiles
// to what can be checked: the same build commands CI runs, the same pinned tools, and a runtime layout the code's
// own relative paths agree with.

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(path: string): Stage[] {
  const text = readFileSync(`${REPO_ROOT}${path}`, 'utf8');
  const lines = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { op: op.toUpperCase(), args: args.replace(/\s+/g, ' ') };
    if (instruction.op === 'FROM')
      stages.push({ name: /\bAS (\S+)$/i.exec(instruction.args)?.[1], instructions: [] });
    else if (instruction.op !== 'ARG' || stages.length > 0)
      stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

const runs = (stages: Stage[]) =>
  stages.flatMap((s) => s.instructions.filter((i) => i.op === 'RUN').map((i) => i.args));
const finalStage = (stages: Stage[]) => stages.at(-1) as Stage;
const args = (stage: Stage, op: string) =>
  stage.instructions.filter((i) => i.op === op).map((i) => i.args);

const rootPackage = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as {
  packageManager: string;
  engines: { node: string };
  scripts: Record<string, string>;
};
const lockfile = JSON.parse(readFileSync(`${REPO_ROOT}package-lock.json`, 'utf8')) as {
  packages: Record<string, { version?: string }>;
};
const apiPackage = JSON.parse(readFileSync(`${REPO_ROOT}apps/api/package.json`, 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

/**
 * The install command of .ci/run, less the flags .npmrc already sets for every npm command (and so for the image
 * build, which copies .npmrc).
 */
function ciInstall(): string {
  const script = readFileSync(`${REPO_ROOT}.ci/run`, 'utf8');
  const npmrc = readFileSync(`${REPO_ROOT}.npmrc`, 'utf8');
  const install = script.split('\n').find((l) => /^\s*npm ci\b/.test(l));
  if (!install) throw new Error('.ci/run has no `npm ci` line');
  const implied = [...npmrc.matchAll(/^(\w+)=false$/gm)].map((m) => `--no-${m[1]}`);
  return install
    .trim()
    .split(/\s+/)
    .filter((word) => !implied.includes(word))
    .join(' ');
}

const IMAGES = [
  { file: 'Dockerfile.api', workspace: '@plimsoll/api' },
  { file: 'Dockerfile.web', workspace: '@plimsoll/web' },
] as const;

describe.each(IMAGES)('$file', ({ file, workspace }) => {
  const stages = parseDockerfile(file);

  it('installs with `npm ci` and builds with the turbo task CI runs, filtered to its workspace', () => {
    expect(ciInstall()).toBe('npm ci');
    expect(runs(stages)).toContain('npm ci');
    expect(runs(stages)).toContain(`npx turbo run build --filter=${workspace}`);
    // `npm run build` is this same task graph unfiltered.
    expect(rootPackage.scripts.build).toBe('turbo run build');
  });

  it('prunes to its workspace with the turbo of the lockfile, and installs with the npm of packageManager', () => {
    const turbo = lockfile.packages['node_modules/turbo']?.version;
    expect(turbo).toBeDefined();
    expect(runs(stages)).toContain(`npx --yes turbo@${turbo} prune ${workspace} --docker`);
    const npm = rootPackage.packageManager.replace(/^npm@/, '');
    expect(runs(stages)).toContain(`npm install -g npm@${npm}`);
  });

  it('runs on a Node.js that satisfies engines.node', () => {
    const image = /^NODE_IMAGE=node:(\d+)\.(\d+)-/.exec(
      readFileSync(`${REPO_ROOT}${file}`, 'utf8').match(/^ARG (.+)$/m)?.[1] ?? '',
    );
    const floor = /^>=(\d+)\.(\d+)$/.exec(rootPackage.engines.node);
    expect(image).not.toBeNull();
    expect(floor).not.toBeNull();
    const [major, minor] = [Number(image?.[1]), Number(image?.[2])];
    const [floorMajor, floorMinor] = [Number(floor?.[1]), Number(floor?.[2])];
    expect(major > floorMajor || (major === floorMajor && minor >= floorMinor)).toBe(true);
  });

  it('runs as the unprivileged node user with a health check, copying only from the build stage', () => {
    const runtime = finalStage(stages);
    expect(args(runtime, 'USER')).toEqual(['node']);
    expect(args(runtime, 'HEALTHCHECK')).toHaveLength(1);
    for (const copy of args(runtime, 'COPY')) expect(copy).toMatch(/^--from=build /);
    // Dev dependencies and sources stay in the build stage.
    expect(
      runtime.instructions.some((i) => i.op === 'RUN' && /npm (ci|install)/.test(i.args)),
    ).toBe(false);
  });

  it('copies from the build context only files that exist in the repository', () => {
    for (const stage of stages) {
      for (const copy of args(stage, 'COPY').filter((c) => !c.startsWith('--from'))) {
        const sources = copy.split(' ').slice(0, -1);
        for (const source of sources.filter((s) => s !== '.'))
          expect(existsSync(`${REPO_ROOT}${source}`), source).toBe(true);
      }
    }
  });
});

describe('Dockerfile.api', () => {
  const stages = parseDockerfile('Dockerfile.api');
  const runtime = finalStage(stages);
  const workdir = args(runtime, 'WORKDIR').at(-1) as string;

  it('drops dev dependencies after the build', () => {
    const all = runs(stages);
    expect(all.indexOf('npm prune --omit=dev')).toBeGreaterThan(
      all.indexOf('npx turbo run build --filter=@plimsoll/api'),
    );
  });

  it('starts the server the way `npm start` in apps/api does, and checks /api/v1/health', () => {
    expect(apiPackage.scripts.start).toBe('node dist/server.js');
    expect(args(runtime, 'CMD')).toEqual(['["node", "apps/api/dist/server.js"]']);
    expect(args(runtime, 'HEALTHCHECK')[0]).toContain('/api/v1/health');
  });

  it('puts prisma/migrations where the compiled migrate.js looks for it', () => {
    const source = readFileSync(`${REPO_ROOT}apps/api/src/db/migrate.ts`, 'utf8');
    const relativeUrl = /MIGRATIONS_DIR = fileURLToPath\(\s*new URL\('([^']+)'/.exec(source)?.[1];
    expect(relativeUrl).toBeDefined();
    const lookedUp = posix.resolve(`${workdir}/apps/api/dist/db`, relativeUrl as string);
    expect(args(runtime, 'COPY')).toContain('--from=build /app/prisma ./prisma');
    expect(lookedUp).toBe(posix.join(workdir, 'prisma/migrations'));
  });

  it('ships the package.json and dist of every workspace package the API depends on', () => {
    const copies = args(runtime, 'COPY');
    const workspaces = Object.keys(apiPackage.dependencies).filter((d) =>
      d.startsWith('@plimsoll/'),
    );
    expect(workspaces.length).toBeGreaterThan(0);
    for (const dir of [
      ...workspaces.map((w) => `packages/${w.replace('@plimsoll/', '')}`),
      'apps/api',
    ]) {
      expect(copies).toContain(`--from=build /app/${dir}/package.json ./${dir}/`);
      expect(copies).toContain(`--from=build /app/${dir}/dist ./${dir}/dist`);
    }
  });
});

describe('Dockerfile.web', () => {
  const runtime = finalStage(parseDockerfile('Dockerfile.web'));

  it('runs the Next.js standalone server, which next.config.ts must ask for', () => {
    const nextConfig = readFileSync(`${REPO_ROOT}apps/web/next.config.ts`, 'utf8');
    expect(nextConfig).toMatch(/output:\s*'standalone'/);
    expect(args(runtime, 'COPY')).toContain('--from=build /app/apps/web/.next/standalone ./');
    // The standalone output leaves the client assets out; without them every page loads unstyled.
    expect(args(runtime, 'COPY')).toContain(
      '--from=build /app/apps/web/.next/static ./apps/web/.next/static',
    );
    expect(args(runtime, 'CMD')).toEqual(['["node", "apps/web/server.js"]']);
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(`${REPO_ROOT}.dockerignore`, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('keeps host installs, build output, local data and credentials out of the build context', () => {
    for (const pattern of [
      '**/node_modules',
      '**/dist',
      '**/.next',
      '.plimsoll',
      '.env',
      '**/*.kubeconfig',
      '.git',
    ]) {
      expect(ignored).toContain(pattern);
    }
  });
});
