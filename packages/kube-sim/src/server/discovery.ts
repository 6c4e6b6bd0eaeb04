/** Legacy discovery documents: /version, /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>. */
import type { KubeObjectStore } from '../store/object-store.js';
import { apiVersionOf, servedResources } from './resources.js';
import type { ServedResource } from './resources.js';

/** The version the simulated server reports. */
export const SIM_KUBERNETES_VERSION = {
  major: '1',
  minor: '35',
  gitVersion: 'v1.35.0-plimsoll-sim',
};

/** GET /version. */
export function versionInfo(): Record<string, unknown> {
  return {
    ...SIM_KUBERNETES_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function subresourceEntries(s: ServedResource): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const sub of s.type.subresources ?? []) {
    const base = {
      name: `${s.type.resource}/${sub}`,
      singularName: '',
      namespaced: s.type.namespaced,
    };
    if (sub === 'status')
      out.push({ ...base, kind: s.type.kind, verbs: ['get', 'patch', 'update'] });
    else if (sub === 'proxy')
      out.push({
        ...base,
        kind: `${s.type.kind}ProxyOptions`,
        verbs: ['create', 'delete', 'get', 'patch', 'update'],
      });
    else if (sub === 'eviction')
      out.push({ ...base, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
  }
  return out;
}

/** GET /api/v1 or /apis/<group>/<version>: an APIResourceList, or undefined when nothing is served there. */
export function apiResourceList(
  store: KubeObjectStore,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const served = servedResources(store).filter(
    (s) => s.type.group === group && s.type.version === version,
  );
  if (served.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const s of served) {
    const entry: Record<string, unknown> = {
      name: s.type.resource,
      singularName: s.type.kind.toLowerCase(),
      namespaced: s.type.namespaced,
      kind: s.type.kind,
      verbs: s.type.verbs ?? ['get', 'list', 'watch'],
    };
    if (s.type.shortNames?.length) entry.shortNames = s.type.shortNames;
    resources.push(entry, ...subresourceEntries(s));
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

/** GET /api: APIVersions. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groups(store: KubeObjectStore): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of servedResources(store)) {
    if (s.type.group === '') continue;
    const versions = out.get(s.type.group) ?? [];
    if (!versions.includes(s.type.version)) versions.push(s.type.version);
    out.set(s.type.group, versions);
  }
  return out;
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** GET /apis: APIGroupList. */
export function apiGroupList(store: KubeObjectStore): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups(store)].map(([name, versions]) => apiGroup(name, versions)),
  };
}

/** GET /apis/<group>: APIGroup, or undefined. */
export function apiGroupInfo(
  store: KubeObjectStore,
  group: string,
): Record<string, unknown> | undefined {
  const versions = groups(store).get(group);
  return versions
    ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) }
    : undefined;
}
