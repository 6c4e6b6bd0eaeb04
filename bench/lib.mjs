// What every benchmark shares: its arguments (`--smoke`, `--json`, `--<name> <value>`), percentiles, and the one
// JSON object of figures on the last line of output. `npm run bench -- all --smoke` (scripts/bench.mjs) reads that
// line and checks the keys each benchmark promises, so a benchmark that stops running or drops a figure fails CI.
import net from 'node:net';

/**
 * Parses `--smoke`, `--json`, `--<name> <number|string>` and `--<name>` (a boolean default: a switch) options.
 * `defaults` are the full-size values, `smoke` the ones a smoke run uses (seconds, not minutes); an option given on
 * the command line wins over both. Bare positional arguments fill `positional` names in order (the older
 * `bench -- collector 5000 30` form).
 */
export function benchArgs({ defaults, smoke: smokeDefaults = {}, positional = [] }) {
  const argv = process.argv.slice(2);
  const flags = { smoke: false, json: false };
  const given = {};
  const bare = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') flags.smoke = true;
    else if (a === '--json') flags.json = true;
    else if (a.startsWith('--')) {
      const name = a.slice(2);
      if (!(name in defaults))
        fail(`unknown option ${a}; options: ${Object.keys(defaults).join(', ')}`);
      if (typeof defaults[name] === 'boolean') {
        given[name] = true;
        continue;
      }
      const raw = argv[++i];
      if (raw === undefined) fail(`${a} needs a value`);
      given[name] = typeof defaults[name] === 'number' ? Number(raw) : raw;
      if (typeof defaults[name] === 'number' && !Number.isFinite(given[name]))
        fail(`${a} must be a number, got ${raw}`);
    } else bare.push(a);
  }
  bare.forEach((v, i) => {
    const name = positional[i];
    if (!name) fail(`unexpected argument ${v}`);
    given[name] = typeof defaults[name] === 'number' ? Number(v) : v;
  });
  const base = { ...defaults, ...(flags.smoke ? smokeDefaults : {}) };
  return { ...flags, opts: { ...base, ...given }, base };
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

/** The command line that reproduces this run (options that differ from the defaults). */
export function reproduce(name, { smoke, opts, base }) {
  const parts = [`npm run bench -- ${name}`];
  if (smoke) parts.push('--smoke');
  for (const [k, v] of Object.entries(opts))
    if (v !== base[k]) parts.push(typeof v === 'boolean' ? `--${k}` : `--${k} ${v}`);
  return parts.join(' ');
}

/**
 * Prints a Markdown table (RESULTS.md takes it as it is): `header` and each row are arrays of cells; the first
 * column is left-aligned, the others right-aligned (figures).
 */
export function printTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  console.log(line(header));
  console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

/** The p-th percentile (nearest rank) of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (xs) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** Rounds figures for the JSON line (ms to 0.1, the rest to 3 significant decimals). */
const round = (v) =>
  typeof v === 'number' && Number.isFinite(v)
    ? Math.round(v * 1000) / 1000
    : v === Infinity
      ? null
      : v;

/** Prints the figures as one JSON object on the last line (with `--json`); call it last. */
export function emitFigures(args, figures) {
  if (!args.json) return;
  const out = {};
  for (const [k, v] of Object.entries(figures)) out[k] = round(v);
  console.log(JSON.stringify(out));
}

/** A free TCP port on the loopback interface (ephemeral: two benchmarks, or two checkouts, never collide). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the simulated cluster (`startSimCluster` options, plus `contextName`) in a child process; resolves with
 * its kubeconfig and a `stop()`.
 */
export async function startSimInChild(opts) {
  const { fork } = await import('node:child_process');
  const child = fork(new URL('./sim-child.mjs', import.meta.url), [JSON.stringify(opts)], {
    execArgv: ['--max-old-space-size=8192'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kubeconfig = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m.kubeconfig));
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code})`)));
  });
  return {
    kubeconfig,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
