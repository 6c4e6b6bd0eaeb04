import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { KubeConfig } from '@kubernetes/client-node';

import { createKubeClient, type KubeClient } from './kube-client.js';

/** Where a cluster's credentials came from (ClusterHealth.source). */
export type ClusterSource = 'simulated' | 'kubeconfig' | 'in-cluster';

/** One cluster to collect: its name in Plimsoll and a client for it. */
export interface ClusterTarget {
  name: string;
  source: ClusterSource;
  client: KubeClient;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Whether this process runs in a pod with a mounted service account (under `root`, which only tests move). */
export function isInCluster(root = ''): boolean {
  return existsSync(root + SERVICE_ACCOUNT_TOKEN);
}

function kubeconfigPaths(kubeconfig: string | undefined): string[] {
  if (kubeconfig) return kubeconfig.split(':').filter((p) => p && existsSync(p));
  const fallback = join(homedir(), '.kube', 'config');
  return existsSync(fallback) ? [fallback] : [];
}

function loadKubeconfigFiles(paths: string[]): KubeConfig {
  const kc = new KubeConfig();
  // kubectl merges KUBECONFIG files with the first file winning; mergeConfig keeps existing entries.
  for (const p of paths) {
    const next = new KubeConfig();
    next.loadFromFile(p);
    if (!kc.currentContext) kc.loadFromFile(p);
    else kc.mergeConfig(next, true);
  }
  return kc;
}

/**
 * The clusters named by the configuration: kubeconfig contexts, `in-cluster`, or (when `names` is empty) the
 * kubeconfig's current context, else the in-cluster account. Returns [] when nothing is configured, which is when
 * the caller may start the simulator.
 */
export function resolveClusterTargets(opts: {
  names: string[];
  kubeconfig?: string;
  /** Name under which the in-cluster account's cluster is recorded (one Plimsoll per cluster, shared Postgres). */
  inClusterName?: string;
  /** Prefix of the service account's mount path: '' in a pod; tests put a token and CA under a temp dir. */
  serviceAccountRoot?: string;
}): ClusterTarget[] {
  const saRoot = opts.serviceAccountRoot ?? '';
  const paths = kubeconfigPaths(opts.kubeconfig);
  const fileConfig = paths.length ? loadKubeconfigFiles(paths) : undefined;
  const inCluster = (): ClusterTarget => {
    const kc = new KubeConfig();
    kc.loadFromCluster(saRoot);
    return {
      name: opts.inClusterName ?? 'in-cluster',
      source: 'in-cluster',
      client: createKubeClient(kc),
    };
  };
  if (opts.names.length === 0) {
    if (fileConfig?.currentContext) {
      return [
        {
          name: fileConfig.currentContext,
          source: 'kubeconfig',
          client: createKubeClient(fileConfig),
        },
      ];
    }
    return isInCluster(saRoot) ? [inCluster()] : [];
  }
  return opts.names.map((name) => {
    if (name === 'in-cluster') return inCluster();
    if (!fileConfig || !fileConfig.getContextObject(name)) {
      throw new Error(`PLIMSOLL_CLUSTERS names context "${name}", which no kubeconfig defines`);
    }
    const kc = new KubeConfig();
    kc.loadFromString(fileConfig.exportConfig());
    kc.setCurrentContext(name);
    return { name, source: 'kubeconfig' as const, client: createKubeClient(kc) };
  });
}

/** A target from kubeconfig text (the simulated cluster's, or a test's). */
export function clusterTargetFromKubeconfig(
  name: string,
  source: ClusterSource,
  kubeconfigYaml: string,
): ClusterTarget {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml);
  return { name, source, client: createKubeClient(kc) };
}
