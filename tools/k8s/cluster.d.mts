/** Types of tools/k8s/cluster.mjs, for the TypeScript tests that start and drive the cluster. */
export interface ClusterProcess {
  name: string;
  pid: number;
  bin: string;
  args: string[];
  log: string;
}

export interface ClusterState {
  dir: string;
  bin: string;
  server: string;
  /** `kube-apiserver --version`, e.g. "Kubernetes v1.35.4". */
  version: string;
  /** The admin kubeconfig (client certificate in system:masters). */
  kubeconfig: string;
  ports: Record<
    'etcd' | 'etcdPeer' | 'apiserver' | 'controllerManager' | 'scheduler' | 'kwok',
    number
  >;
  timing: typeof TIMING;
  processes: ClusterProcess[];
}

export const DEFAULT_DIR: string;
export const KWOK_ANNOTATION: string;
export const TIMING: {
  eventTtlSeconds: number;
  compactionIntervalSeconds: number;
  nodeMonitorPeriodSeconds: number;
  nodeMonitorGracePeriodSeconds: number;
  nodeLeaseDurationSeconds: number;
};
export function buildBinaries(): string;
export function up(opts?: {
  dir?: string;
  nodes?: number;
  bin?: string;
  timing?: Partial<typeof TIMING>;
}): Promise<ClusterState>;
export function down(opts?: { dir?: string }): Promise<void>;
export function restart(
  dir: string,
  name: string,
  opts?: { downMs?: number },
): Promise<ClusterState>;
export function status(dir?: string): ClusterState | undefined;
export function createNodes(
  state: ClusterState,
  count: number,
  opts?: { from?: number; concurrency?: number },
): Promise<void>;
export function waitNodesReady(
  state: ClusterState,
  count: number,
  timeoutMs?: number,
): Promise<void>;
export function kwokNode(name: string): Record<string, unknown>;
/** A node played by a KWOK of its own: `stop()` ends its heartbeat and Lease renewals, `start()` resumes them. */
export function soloNode(
  state: ClusterState,
  name: string,
): Promise<{ start(): Promise<void>; stop(): Promise<void> }>;
/** The cached control-plane binaries without building: `{ bin }`, or `{ problem }` saying what is missing. */
export function builtBinaries():
  { bin: string; problem?: undefined } | { bin?: undefined; problem: string };
/** An HTTPS request as the cluster admin; resolves with the status and the parsed (JSON) or raw body. */
export function adminRequest(
  state: ClusterState,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
  headers?: Record<string, string>,
): Promise<{ status: number; body: any }>;
