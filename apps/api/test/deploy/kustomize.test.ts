import { beforeAll, describe, expect, it } from 'vitest';

import { EnvSchema, loadEnv } from '../../src/config/env.js';
import {
  HAS_KUBECTL,
  NO_KUBECTL,
  OVERLAYS,
  find,
  render,
  renderWithComponents,
  type KubeObject,
  type Overlay,
} from './manifests.js';

// Loose shapes of the parts of a Deployment the assertions read.
interface Probe {
  httpGet?: { path: string; port: string | number };
  failureThreshold?: number;
  periodSeconds?: number;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}
interface Container {
  name: string;
  image: string;
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
}
interface PodSpec {
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  containers: Container[];
  volumes?: { name: string }[];
}
interface DeploymentSpec {
  replicas: number;
  strategy: { type: string; rollingUpdate?: { maxUnavailable?: number | string } };
  selector: { matchLabels: Record<string, string> };
  template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
}
interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

const deploymentSpec = (o: KubeObject) => o.spec as DeploymentSpec;
const container = (o: KubeObject, name: string): Container => {
  const c = deploymentSpec(o).template.spec.containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name} in ${o.metadata.name}`);
  return c;
};
const envNamed = (c: Container, name: string) => c.env?.find((e) => e.name === name);
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Every grant of every Role and ClusterRole as `kind/name: group/resource[names] verb`, sorted. */
function grants(objects: KubeObject[]): string[] {
  const out: string[] = [];
  for (const role of objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')) {
    for (const rule of (role.rules as PolicyRule[] | undefined) ?? []) {
      for (const group of rule.apiGroups ?? ['<none>']) {
        for (const resource of rule.resources ?? rule.nonResourceURLs ?? ['<none>']) {
          const names = rule.resourceNames ? `[${[...rule.resourceNames].sort().join(',')}]` : '';
          for (const verb of rule.verbs)
            out.push(
              `${role.kind}/${role.metadata.name}: ${group || 'core'}/${resource}${names} ${verb}`,
            );
        }
      }
    }
  }
  return out.sort();
}

/** What the collector may do in every watched cluster, exactly; anything added here is a deliberate decision. */
const COLLECTOR_GRANTS = [
  ...['nodes', 'pods', 'events', 'namespaces', 'resourcequotas'].flatMap((r) =>
    ['get', 'list', 'watch'].map((v) => `ClusterRole/plimsoll-collector: core/${r} ${v}`),
  ),
  ...['get', 'list', 'watch'].map(
    (v) =>
      `ClusterRole/plimsoll-collector: core/configmaps[cluster-autoscaler-priority-expander,cluster-autoscaler-status] ${v}`,
  ),
  'ClusterRole/plimsoll-collector: core/nodes/proxy get',
  ...['events.k8s.io/events', 'coordination.k8s.io/leases'].flatMap((gr) =>
    ['get', 'list', 'watch'].map((v) => `ClusterRole/plimsoll-collector: ${gr} ${v}`),
  ),
  // Read on demand (tenant audit, machines view), never watched.
  ...[
    'rbac.authorization.k8s.io/rolebindings',
    'networking.k8s.io/networkpolicies',
    'cluster.x-k8s.io/machines',
    'cluster.x-k8s.io/machinesets',
    'cluster.x-k8s.io/machinedeployments',
    'cluster.x-k8s.io/machinehealthchecks',
  ].flatMap((gr) => ['get', 'list'].map((v) => `ClusterRole/plimsoll-collector: ${gr} ${v}`)),
  'ClusterRole/plimsoll-collector: authentication.k8s.io/tokenreviews create',
  'ClusterRole/plimsoll-collector: authorization.k8s.io/subjectaccessreviews create',
  'Role/plimsoll-leader-election: coordination.k8s.io/leases create',
  'Role/plimsoll-leader-election: coordination.k8s.io/leases[plimsoll-collector] get',
  'Role/plimsoll-leader-election: coordination.k8s.io/leases[plimsoll-collector] update',
].sort();

const QUOTA_GRANT = 'ClusterRole/plimsoll-quota-requests: core/resourcequotas patch';

describe.skipIf(!HAS_KUBECTL)(
  HAS_KUBECTL ? 'deploy/kubernetes rendered with kubectl kustomize' : NO_KUBECTL,
  () => {
    const rendered = {} as Record<Overlay | 'base', KubeObject[]>;
    beforeAll(async () => {
      for (const overlay of [...OVERLAYS, 'base'] as const) {
        rendered[overlay] = await render(overlay === 'base' ? 'base' : `overlays/${overlay}`);
      }
    });

    it('puts every namespaced object of every overlay in the plimsoll namespace', () => {
      const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
      for (const overlay of OVERLAYS) {
        for (const o of rendered[overlay]) {
          if (clusterScoped.has(o.kind))
            expect(o.metadata.namespace, `${overlay} ${o.kind}/${o.metadata.name}`).toBeUndefined();
          else
            expect(o.metadata.namespace, `${overlay} ${o.kind}/${o.metadata.name}`).toBe(
              'plimsoll',
            );
        }
      }
    });

    describe.each(['production', 'demo'] as const)('overlay %s: workloads', (overlay) => {
      it('runs every container non-root, read-only, without privilege escalation or capabilities', () => {
        for (const d of rendered[overlay].filter((o) => o.kind === 'Deployment')) {
          const pod = deploymentSpec(d).template.spec;
          expect(pod.securityContext?.runAsNonRoot, d.metadata.name).toBe(true);
          expect(pod.securityContext?.seccompProfile?.type, d.metadata.name).toBe('RuntimeDefault');
          for (const c of pod.containers) {
            expect(c.securityContext, `${d.metadata.name}/${c.name}`).toMatchObject({
              runAsNonRoot: true,
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ['ALL'] },
            });
            expect(c.securityContext?.capabilities?.add).toBeUndefined();
          }
        }
      });

      it('gives every container CPU and memory requests and limits, and readiness and liveness probes', () => {
        for (const d of rendered[overlay].filter((o) => o.kind === 'Deployment')) {
          for (const c of deploymentSpec(d).template.spec.containers) {
            for (const kind of ['requests', 'limits'] as const) {
              expect(
                Object.keys(c.resources?.[kind] ?? {}).sort(),
                `${d.metadata.name} ${kind}`,
              ).toEqual(['cpu', 'memory']);
            }
            expect(c.readinessProbe?.httpGet, d.metadata.name).toBeDefined();
            expect(c.livenessProbe?.httpGet, d.metadata.name).toBeDefined();
          }
        }
      });

      it('probes the API on /api/v1/health, with a liveness budget that outlasts a short database outage', () => {
        const api = container(find(rendered[overlay], 'Deployment', 'plimsoll-api'), 'api');
        for (const probe of [api.startupProbe, api.readinessProbe, api.livenessProbe]) {
          expect(probe?.httpGet).toEqual({ path: '/api/v1/health', port: 'http' });
        }
        const live = api.livenessProbe as Required<Probe>;
        expect(live.periodSeconds * live.failureThreshold).toBeGreaterThanOrEqual(180);
      });

      it("selects each Deployment's pods with its Service and PodDisruptionBudget, on a port the container names", () => {
        for (const name of ['plimsoll-api', 'plimsoll-web']) {
          const d = find(rendered[overlay], 'Deployment', name);
          const podLabels = deploymentSpec(d).template.metadata.labels;
          expect(matches(deploymentSpec(d).selector.matchLabels, podLabels)).toBe(true);
          const svc = find(rendered[overlay], 'Service', name).spec as {
            selector: Record<string, string>;
            ports: { targetPort: string }[];
          };
          expect(matches(svc.selector, podLabels), `Service ${name}`).toBe(true);
          const portNames = deploymentSpec(d).template.spec.containers.flatMap(
            (c) => c.ports?.map((p) => p.name) ?? [],
          );
          for (const p of svc.ports) expect(portNames).toContain(p.targetPort);
          const pdb = find(rendered[overlay], 'PodDisruptionBudget', name).spec as {
            selector: { matchLabels: Record<string, string> };
            maxUnavailable?: number;
          };
          expect(matches(pdb.selector.matchLabels, podLabels), `PDB ${name}`).toBe(true);
          // maxUnavailable (not minAvailable) so a single-replica demo can still be drained.
          expect(pdb.maxUnavailable).toBe(1);
        }
      });

      it('sets only settings the API knows, with values it accepts', () => {
        const config = find(rendered[overlay], 'ConfigMap', 'plimsoll-config').data as Record<
          string,
          string
        >;
        const known = new Set(Object.keys(EnvSchema.shape));
        expect(Object.keys(config).filter((k) => !known.has(k))).toEqual([]);
        const api = container(find(rendered[overlay], 'Deployment', 'plimsoll-api'), 'api');
        const envNames = (api.env ?? []).map((e) => e.name).filter((n) => n !== 'NODE_OPTIONS');
        expect(envNames.filter((n) => !known.has(n))).toEqual([]);
        expect(() =>
          loadEnv({
            ...config,
            DATABASE_URL: 'postgresql://plimsoll@db/plimsoll',
            PLIMSOLL_SECRET: 'x'.repeat(32),
          }),
        ).not.toThrow();
      });

      it('points both images at a registry', () => {
        for (const d of rendered[overlay].filter((o) => o.kind === 'Deployment')) {
          for (const c of deploymentSpec(d).template.spec.containers)
            expect(c.image).toMatch(/^[a-z0-9.-]+\/.+:.+$/);
        }
      });
    });

    describe('overlay production', () => {
      it('runs three API replicas, scaled out by an HPA that never goes below them, rolling one pod at a time', () => {
        const api = find(rendered.production, 'Deployment', 'plimsoll-api');
        expect(deploymentSpec(api).replicas).toBe(3);
        expect(deploymentSpec(api).strategy).toEqual({
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
        });
        const hpa = find(rendered.production, 'HorizontalPodAutoscaler', 'plimsoll-api').spec as {
          scaleTargetRef: { kind: string; name: string };
          minReplicas: number;
          maxReplicas: number;
        };
        expect(hpa.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'plimsoll-api' });
        expect(hpa.minReplicas).toBe(3);
        expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
        expect(
          deploymentSpec(find(rendered.production, 'Deployment', 'plimsoll-web')).replicas,
        ).toBeGreaterThanOrEqual(2);
      });

      it('takes the database URL and the signing key from the Secret, and the Lease namespace from the pod', () => {
        const api = container(find(rendered.production, 'Deployment', 'plimsoll-api'), 'api');
        expect(envNamed(api, 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
          name: 'plimsoll-secrets',
          key: 'database-url',
        });
        expect(envNamed(api, 'PLIMSOLL_SECRET')?.valueFrom?.secretKeyRef).toEqual({
          name: 'plimsoll-secrets',
          key: 'secret',
        });
        expect(envNamed(api, 'POD_NAMESPACE')?.valueFrom?.fieldRef?.fieldPath).toBe(
          'metadata.namespace',
        );
        const config = find(rendered.production, 'ConfigMap', 'plimsoll-config').data as Record<
          string,
          string
        >;
        expect(config.PLIMSOLL_SIMULATOR).toBe('off');
        expect(config.PLIMSOLL_WEB_URL).toBe('http://plimsoll-web:3001');
      });

      it('sizes the V8 heap below the container memory limit', () => {
        const api = container(find(rendered.production, 'Deployment', 'plimsoll-api'), 'api');
        const heapMiB = Number(
          /--max-old-space-size=(\d+)/.exec(envNamed(api, 'NODE_OPTIONS')?.value ?? '')?.[1],
        );
        const limit = /^(\d+)Gi$/.exec(api.resources?.limits?.memory ?? '');
        expect(limit).not.toBeNull();
        expect(heapMiB).toBeGreaterThan(0);
        expect(heapMiB).toBeLessThanOrEqual(Number(limit?.[1]) * 1024 * 0.8);
      });

      it('mounts a ServiceAccount token only into the API', () => {
        const api = deploymentSpec(find(rendered.production, 'Deployment', 'plimsoll-api')).template
          .spec;
        const web = deploymentSpec(find(rendered.production, 'Deployment', 'plimsoll-web')).template
          .spec;
        expect(api.serviceAccountName).toBe('plimsoll');
        expect(api.automountServiceAccountToken).toBe(true);
        expect(web.automountServiceAccountToken).toBe(false);
        expect(web.serviceAccountName).toBeUndefined();
      });

      it('sends the public host to the API, except /metrics', () => {
        const ingress = find(rendered.production, 'Ingress', 'plimsoll').spec as {
          rules: {
            http: {
              paths: { path: string; pathType: string; backend: { service: { name: string } } }[];
            };
          }[];
        };
        const paths = ingress.rules.flatMap((r) => r.http.paths);
        expect(paths.find((p) => p.path === '/')).toMatchObject({
          pathType: 'Prefix',
          backend: { service: { name: 'plimsoll-api' } },
        });
        expect(paths.find((p) => p.path === '/metrics')).toMatchObject({
          pathType: 'Exact',
          backend: { service: { name: 'plimsoll-web' } },
        });
      });

      it('denies all traffic by default and opens only DNS, Postgres, the API server and the web app to the API', () => {
        const policies = rendered.production.filter((o) => o.kind === 'NetworkPolicy');
        const deny = find(policies, 'NetworkPolicy', 'plimsoll-default-deny').spec as {
          podSelector: object;
          policyTypes: string[];
        };
        expect(deny).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
        const api = find(policies, 'NetworkPolicy', 'plimsoll-api').spec as {
          ingress: { ports: { port: number }[] }[];
          egress: { ports: { port: number; protocol: string }[] }[];
        };
        const egressPorts = api.egress
          .flatMap((r) => r.ports.map((p) => `${p.protocol}/${p.port}`))
          .sort();
        expect(egressPorts).toEqual([
          'TCP/3001',
          'TCP/443',
          'TCP/53',
          'TCP/5432',
          'TCP/6443',
          'UDP/53',
        ]);
        expect(api.ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual([3000]);
        const web = find(policies, 'NetworkPolicy', 'plimsoll-web').spec as {
          egress: unknown[];
          policyTypes: string[];
        };
        expect(web.policyTypes).toContain('Egress');
        expect(web.egress).toEqual([]);
      });
    });

    describe('overlay demo', () => {
      it('runs one API replica on the embedded database with the built-in simulated cluster', () => {
        const d = find(rendered.demo, 'Deployment', 'plimsoll-api');
        expect(deploymentSpec(d).replicas).toBe(1);
        expect(deploymentSpec(d).strategy.type).toBe('Recreate');
        const pod = deploymentSpec(d).template.spec;
        // A mounted token would make the API collect the real cluster instead (isInCluster()).
        expect(pod.automountServiceAccountToken).toBe(false);
        const api = container(d, 'api');
        expect(envNamed(api, 'DATABASE_URL')).toBeUndefined();
        expect(envNamed(api, 'PLIMSOLL_SECRET')?.valueFrom?.secretKeyRef?.optional).toBe(true);
        expect(envNamed(api, 'PLIMSOLL_DATA_DIR')?.value).toBe('/data');
        expect(pod.volumes?.map((v) => v.name)).toContain('data');
        const config = find(rendered.demo, 'ConfigMap', 'plimsoll-config').data as Record<
          string,
          string
        >;
        expect(config.PLIMSOLL_SIMULATOR).toBe('on');
        expect(config.PLIMSOLL_CLUSTERS).toBeUndefined();
      });
    });

    describe('overlay remote-cluster', () => {
      it('holds only the namespace, ServiceAccount, its token and RBAC: nothing runs in a watched cluster', () => {
        const kinds = rendered['remote-cluster'].map((o) => `${o.kind}/${o.metadata.name}`).sort();
        expect(kinds).toEqual([
          'ClusterRole/plimsoll-collector',
          'ClusterRoleBinding/plimsoll-collector',
          'Namespace/plimsoll',
          'Role/plimsoll-leader-election',
          'RoleBinding/plimsoll-leader-election',
          'Secret/plimsoll-token',
          'ServiceAccount/plimsoll',
        ]);
        const token = find(rendered['remote-cluster'], 'Secret', 'plimsoll-token');
        expect(token.type).toBe('kubernetes.io/service-account-token');
        expect(token.metadata.annotations?.['kubernetes.io/service-account.name']).toBe('plimsoll');
      });
    });

    describe('RBAC', () => {
      it.each(OVERLAYS)(
        "grants exactly the collector's reads, its Lease and the review APIs in %s",
        (overlay) => {
          expect(grants(rendered[overlay])).toEqual(COLLECTOR_GRANTS);
        },
      );

      it('never grants wildcards, Secrets, or escalation verbs', async () => {
        const all = [
          ...OVERLAYS.flatMap((o) => rendered[o]),
          ...(await renderWithComponents('production', ['quota-requests'])),
        ];
        for (const role of all.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')) {
          for (const rule of role.rules as PolicyRule[]) {
            const where = `${role.kind}/${role.metadata.name}`;
            expect(
              [...(rule.verbs ?? []), ...(rule.resources ?? []), ...(rule.apiGroups ?? [])],
              where,
            ).not.toContain('*');
            expect(rule.resources ?? [], where).not.toContain('secrets');
            expect(rule.nonResourceURLs, where).toBeUndefined();
            for (const verb of ['escalate', 'bind', 'impersonate', 'delete', 'deletecollection']) {
              expect(rule.verbs, where).not.toContain(verb);
            }
          }
        }
      });

      it('binds each role to the plimsoll ServiceAccount in its own namespace', () => {
        for (const b of rendered.production.filter(
          (o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding',
        )) {
          expect(b.subjects).toEqual([
            { kind: 'ServiceAccount', name: 'plimsoll', namespace: 'plimsoll' },
          ]);
          const roleRef = b.roleRef as { kind: string; name: string };
          expect(() => find(rendered.production, roleRef.kind, roleRef.name)).not.toThrow();
        }
      });

      it('grants PATCH on ResourceQuotas only through the quota-requests component', async () => {
        for (const overlay of OVERLAYS)
          expect(grants(rendered[overlay])).not.toContain(QUOTA_GRANT);
        const withQuota = await renderWithComponents('production', ['quota-requests']);
        expect(grants(withQuota)).toEqual([...COLLECTOR_GRANTS, QUOTA_GRANT].sort());
        const binding = find(withQuota, 'ClusterRoleBinding', 'plimsoll-quota-requests');
        expect(binding.subjects).toEqual([
          { kind: 'ServiceAccount', name: 'plimsoll', namespace: 'plimsoll' },
        ]);
      });
    });

    describe('component remote-clusters', () => {
      let objects: KubeObject[];
      beforeAll(async () => {
        objects = await renderWithComponents('production', ['remote-clusters']);
      });

      it('mounts the kubeconfig Secret read-only and names the clusters to collect', () => {
        const d = find(objects, 'Deployment', 'plimsoll-api');
        const api = container(d, 'api') as Container & {
          volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
        };
        expect(envNamed(api, 'KUBECONFIG')?.value).toBe('/etc/plimsoll/kubeconfig/config');
        expect(api.volumeMounts).toContainEqual({
          name: 'kubeconfig',
          mountPath: '/etc/plimsoll/kubeconfig',
          readOnly: true,
        });
        const volumes = deploymentSpec(d).template.spec.volumes as {
          name: string;
          secret?: { secretName: string };
        }[];
        expect(volumes.find((v) => v.name === 'kubeconfig')?.secret?.secretName).toBe(
          'plimsoll-kubeconfig',
        );
        const config = find(objects, 'ConfigMap', 'plimsoll-config').data as Record<string, string>;
        expect(config.PLIMSOLL_CLUSTERS?.split(',')).toContain('in-cluster');
      });
    });
  },
);
