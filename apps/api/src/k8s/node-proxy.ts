import type { Summary } from '@plimsoll/shared';

import type { KubeClient } from './kube-client.js';

/** The kubelet's /configz answer: `{ kubeletconfig: KubeletConfiguration }`. */
export interface KubeletConfigz {
  kubeletconfig?: {
    evictionHard?: Record<string, string>;
    evictionSoft?: Record<string, string>;
    evictionSoftGracePeriod?: Record<string, string>;
    evictionMinimumReclaim?: Record<string, string>;
    systemReserved?: Record<string, string>;
    kubeReserved?: Record<string, string>;
    enforceNodeAllocatable?: string[];
    [key: string]: unknown;
  };
}

/** GET /api/v1/nodes/{node}/proxy/stats/summary: the kubelet Summary API through the API server. */
export async function getNodeStatsSummary(client: KubeClient, node: string): Promise<Summary> {
  return (await client.request(
    'GET',
    `/api/v1/nodes/${encodeURIComponent(node)}/proxy/stats/summary`,
  )) as Summary;
}

/** GET /api/v1/nodes/{node}/proxy/configz: the kubelet's running configuration. */
export async function getNodeConfigz(client: KubeClient, node: string): Promise<KubeletConfigz> {
  return (await client.request(
    'GET',
    `/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`,
  )) as KubeletConfigz;
}
