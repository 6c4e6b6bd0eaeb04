import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import {
  CLUSTER_SIGNAL_METRICS,
  registerClusterSignals,
} from '../../src/metrics/cluster-signals.js';
import { HAS_KUBECTL, REPO_ROOT, find, renderWithComponents } from './manifests.js';

/** promtool from Debian's `prometheus` package (TOOLCHAIN.md); PROMTOOL overrides it. */
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const HAS_PROMTOOL = existsSync(PROMTOOL);
const RULES = join(REPO_ROOT, 'deploy/prometheus/plimsoll.rules.yaml');
const RULES_TEST = join(REPO_ROOT, 'deploy/prometheus/plimsoll.rules.test.yaml');
const PROMETHEUS_RULE = join(
  REPO_ROOT,
  'deploy/kubernetes/components/monitoring/prometheus-rule.yaml',
);

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

const rules = (parse(readFileSync(RULES, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);

describe('alerting rules: one source, every link and metric real', () => {
  it('the PrometheusRule is the generator output of the plain rules file', async () => {
    const generated = await run('node', [
      join(REPO_ROOT, 'scripts/generate-alert-rules.mjs'),
      '--stdout',
    ]);
    expect(generated.code, generated.out).toBe(0);
    expect(readFileSync(PROMETHEUS_RULE, 'utf8')).toBe(generated.out);
    const crd = parse(generated.out) as { kind: string; spec: RuleFile };
    expect(crd.kind).toBe('PrometheusRule');
    expect(crd.spec.groups).toEqual((parse(readFileSync(RULES, 'utf8')) as RuleFile).groups);
  });

  it('reads only series Plimsoll exports, and every alert links to the Plimsoll page that explains it', async () => {
    const registry = new Registry();
    registerClusterSignals(registry, { collectors: () => [] });
    const exported = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    for (const rule of rules) {
      const names = rule.expr.match(/\bplimsoll_[a-z_]+\b/g) ?? [];
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const n of names) expect(exported.has(n), `${rule.alert}: ${n}`).toBe(true);
      expect(rule.annotations.summary, rule.alert).toBeTruthy();
      expect(rule.annotations.description, rule.alert).toBeTruthy();
      expect(rule.annotations.plimsoll_url, rule.alert).toMatch(
        /^https:\/\/plimsoll\.example\.com\/(nodes|evictions|quotas|autoscaler)[/?]/,
      );
      expect(['info', 'warning', 'critical']).toContain(rule.labels.severity);
    }
    for (const m of CLUSTER_SIGNAL_METRICS) expect(exported.has(m), m).toBe(true);
  });

  it('writes a copy with your Plimsoll address in every link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-alerts-'));
    try {
      const res = await run('node', [
        join(REPO_ROOT, 'scripts/generate-alert-rules.mjs'),
        '--url',
        'https://plimsoll.mycorp.internal/',
        '--out',
        dir,
      ]);
      expect(res.code, res.out).toBe(0);
      const text = readFileSync(join(dir, 'prometheus-rule.yaml'), 'utf8');
      expect(text).not.toContain('plimsoll.example.com');
      expect(text).toContain(
        'https://plimsoll.mycorp.internal/nodes/{{ $labels.node | urlquery }}',
      );
      expect(readFileSync(join(dir, 'plimsoll.rules.yaml'), 'utf8')).toContain(
        'https://plimsoll.mycorp.internal/quotas?',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!HAS_KUBECTL)(
    'components/monitoring adds the rules, a PodMonitor and the Prometheus ingress',
    async () => {
      const objects = await renderWithComponents('production', ['monitoring']);
      const rule = find(objects, 'PrometheusRule', 'plimsoll');
      expect(rule.metadata.namespace).toBe('plimsoll');
      expect(find(objects, 'PodMonitor', 'plimsoll-api').metadata.namespace).toBe('plimsoll');
      const policy = find(objects, 'NetworkPolicy', 'plimsoll-api') as unknown as {
        spec: {
          ingress: { from: { namespaceSelector?: { matchLabels: Record<string, string> } }[] }[];
        };
      };
      expect(
        policy.spec.ingress.some((r) =>
          r.from.some(
            (f) => f.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'monitoring',
          ),
        ),
      ).toBe(true);
    },
  );
});

describe.skipIf(!HAS_PROMTOOL)(
  HAS_PROMTOOL
    ? 'alerting rules under promtool'
    : `promtool not found at ${PROMTOOL} (apt-get install -y prometheus, or set PROMTOOL): promtool checks skipped`,
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'plimsoll-promtool-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('passes promtool check rules, the plain file and the PrometheusRule spec alike', async () => {
      const plain = await run(PROMTOOL, ['check', 'rules', RULES]);
      expect(plain.code, plain.out).toBe(0);
      expect(plain.out).toContain(`SUCCESS: ${rules.length} rules found`);
      const spec = join(dir, 'from-prometheus-rule.yaml');
      const crd = parse(readFileSync(PROMETHEUS_RULE, 'utf8')) as { spec: RuleFile };
      writeFileSync(spec, JSON.stringify(crd.spec));
      const fromCrd = await run(PROMTOOL, ['check', 'rules', spec]);
      expect(fromCrd.code, fromCrd.out).toBe(0);
    });

    it('fires each alert in promtool test rules, with its annotations and links', async () => {
      const res = await run(PROMTOOL, ['test', 'rules', RULES_TEST]);
      expect(res.code, res.out).toBe(0);
      expect(res.out).toContain('SUCCESS');
      // Every alert has a test case.
      const tested = new Set(
        [...readFileSync(RULES_TEST, 'utf8').matchAll(/alertname: (\w+)/g)].map((m) => m[1]),
      );
      for (const r of rules) expect(tested.has(r.alert), r.alert).toBe(true);
    });
  },
);

describe.skipIf(!HAS_KUBECTL)('components/node-actions: the opt-in write access', () => {
  it('grants exactly nodes patch, pods/eviction create and the drain filters reads; the base grants none', async () => {
    const base = await renderWithComponents('production', []);
    const withWrites = await renderWithComponents('production', ['node-actions']);
    const role = find(withWrites, 'ClusterRole', 'plimsoll-node-actions') as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    expect(role.rules.map((r) => [r.apiGroups[0], r.resources.join(), r.verbs.join()])).toEqual([
      ['', 'nodes', 'patch'],
      ['', 'pods/eviction', 'create'],
      ['apps', 'daemonsets', 'get'],
      ['policy', 'poddisruptionbudgets', 'list'],
    ]);
    expect(find(withWrites, 'ClusterRoleBinding', 'plimsoll-node-actions')).toBeDefined();
    expect(base.some((o) => o.metadata.name === 'plimsoll-node-actions')).toBe(false);
  });
});
