import { stringify } from 'yaml';

/** What a kubeconfig for the simulated cluster needs. */
export interface KubeconfigInput {
  url: string;
  /** PEM of the serving certificate (HTTPS); plain HTTP gets insecure-skip-tls-verify instead. */
  caCert?: string;
  token?: string;
  contextName?: string;
}

/** A kubeconfig YAML for kubectl and @kubernetes/client-node. */
export function buildKubeconfig(input: KubeconfigInput): string {
  const name = input.contextName ?? 'kube-sim';
  const cluster: Record<string, unknown> = { server: input.url };
  if (input.caCert)
    cluster['certificate-authority-data'] = Buffer.from(input.caCert).toString('base64');
  // client-node refuses a plain-http server unless TLS verification is switched off for the cluster.
  else cluster['insecure-skip-tls-verify'] = true;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: input.token ? { token: input.token } : {} }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    'current-context': name,
    preferences: {},
  });
}
