import { AutoscalerStatusParseError, parseAutoscalerStatus } from '@plimsoll/shared';
import type { GetAutoscalerStatusResponse } from '@plimsoll/shared/schemas';

import type { ClusterCollector } from '../collector/cluster-collector.js';
import type { ConfigMapSnapshot } from '../k8s/to-configmap-snapshot.js';
import {
  boundAutoscalerStatus,
  createAutoscalerRepository,
} from '../repositories/autoscaler-repository.js';
import { getClusterCollector } from './get-cluster.js';
import type { ServiceContext } from './service-context.js';

/** The ConfigMap cluster-autoscaler writes its status to (`--status-config-map-name`, default). */
export const DEFAULT_AUTOSCALER_STATUS_CONFIGMAP = 'kube-system/cluster-autoscaler-status';

/** The key of that ConfigMap holding the status. */
const STATUS_KEY = 'status';

/** The collector's current copy of the status ConfigMap. */
function liveStatusConfigMap(collector: ClusterCollector): ConfigMapSnapshot | null {
  const first = collector.cache.autoscaler.values().next();
  return first.done ? null : first.value;
}

/** The status now: the collector's live copy, else the newest stored sample, else nothing. */
export async function getAutoscalerStatus(
  ctx: ServiceContext,
  cluster: string,
): Promise<GetAutoscalerStatusResponse> {
  const collector = getClusterCollector(ctx, cluster);
  const live = liveStatusConfigMap(collector);
  const raw = live?.data[STATUS_KEY];
  if (live && raw !== undefined) {
    const configMap = `${live.namespace}/${live.name}`;
    try {
      const { status, error } = boundAutoscalerStatus(parseAutoscalerStatus(raw));
      return {
        cluster,
        configMap,
        source: 'live',
        observedAt: new Date().toISOString(),
        status,
        error,
        raw,
      };
    } catch (err) {
      if (!(err instanceof AutoscalerStatusParseError)) throw err;
      return {
        cluster,
        configMap,
        source: 'live',
        observedAt: new Date().toISOString(),
        status: null,
        error: err.message,
        raw,
      };
    }
  }
  const repo = createAutoscalerRepository(ctx.prisma);
  const latest = await repo.findLatestSample(cluster);
  const configMap = live ? `${live.namespace}/${live.name}` : DEFAULT_AUTOSCALER_STATUS_CONFIGMAP;
  if (latest) {
    return {
      cluster,
      configMap,
      source: 'history',
      observedAt: latest.observedAt.toISOString(),
      status: latest.status,
      error: latest.error === null ? null : `The latest stored sample is ${latest.error}.`,
      raw: latest.raw,
    };
  }
  return {
    cluster,
    configMap,
    source: 'none',
    observedAt: null,
    status: null,
    error: live
      ? `ConfigMap ${configMap} has no "${STATUS_KEY}" key.`
      : `No ConfigMap ${configMap} seen: cluster-autoscaler is not running, or writes its status elsewhere (--status-config-map-name; Plimsoll reads PLIMSOLL_AUTOSCALER_STATUS_CONFIGMAP).`,
    raw: null,
  };
}
