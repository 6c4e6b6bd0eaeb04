import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { getCollectorMetrics } from '../../src/collector/collector-metrics.js';
import { metricsPlugin } from '../../src/plugins/metrics.js';
import { REPO_ROOT } from './manifests.js';

interface Link {
  title: string;
  url: string;
}
interface Target {
  expr: string;
  refId: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
  links?: Link[];
  fieldConfig?: { defaults: { links?: Link[] } };
}
interface Variable {
  name: string;
  type: string;
  query: string | { query: string };
  datasource?: { uid: string };
}
interface Dashboard {
  uid: string;
  title: string;
  id?: number | null;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: Variable[] };
  links: Link[];
}

const dashboard = JSON.parse(
  readFileSync(join(REPO_ROOT, 'deploy/grafana/plimsoll-dashboard.json'), 'utf8'),
) as Dashboard;
const panels = dashboard.panels.filter((p) => p.type !== 'row');
const linksOf = (p: Panel) => [...(p.links ?? []), ...(p.fieldConfig?.defaults.links ?? [])];

/** Metric names on a fresh /metrics: the collector's own and the derived cluster signals. */
async function exportedMetricNames(): Promise<Set<string>> {
  const registry = new Registry();
  getCollectorMetrics(registry);
  const app = Fastify();
  await app.register(metricsPlugin, { registry });
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  await app.close();
  return new Set([...res.body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string));
}

describe('the Grafana dashboard (deploy/grafana/plimsoll-dashboard.json)', () => {
  it('imports as it is: a datasource variable, no instance id, unique panel ids on a 24-column grid', () => {
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.id ?? null).toBeNull();
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const ds = dashboard.templating.list.find((v) => v.type === 'datasource');
    expect(ds).toMatchObject({ name: 'datasource', query: 'prometheus' });
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      expect(p.gridPos.h, p.title).toBeGreaterThan(0);
    }
    for (const p of panels) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      const refIds = (p.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size, p.title).toBe(refIds.length);
      for (const t of p.targets ?? []) expect(t.datasource.uid, p.title).toBe('${datasource}');
    }
  });

  it('queries only metrics that exist on /metrics', async () => {
    const exported = await exportedMetricNames();
    const exprs = [
      ...panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) =>
        v.type === 'query' && typeof v.query === 'object' ? [v.query.query] : [],
      ),
    ];
    const names = new Set(exprs.flatMap((e) => e.match(/\bplimsoll_[a-z_]+\b/g) ?? []));
    expect(names.size).toBeGreaterThan(8);
    for (const n of names) expect(exported.has(n), n).toBe(true);
  });

  it('links every panel over the derived signals to a Plimsoll page that exists', () => {
    const derived = panels.filter((p) =>
      (p.targets ?? []).some((t) => /plimsoll_(node|evictions|quota|autoscaler)_/.test(t.expr)),
    );
    expect(derived.length).toBeGreaterThan(5);
    for (const p of derived) expect(linksOf(p).length, p.title).toBeGreaterThan(0);
    const all = [...dashboard.links, ...panels.flatMap(linksOf)];
    for (const link of all) {
      expect(link.url, link.title).toMatch(/^\$\{plimsoll_url\}\//);
      const path = new URL(link.url.replace('${plimsoll_url}', 'https://x')).pathname;
      const [, section] = path.split('/');
      const page = join(REPO_ROOT, 'apps/web/src/app/(dashboard)', section ?? '', 'page.tsx');
      expect(existsSync(page), `${link.url} → ${page}`).toBe(true);
    }
  });
});
