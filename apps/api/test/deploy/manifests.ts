import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseAllDocuments } from 'yaml';

/** The repository root (apps/api/test/deploy → ../../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** deploy/kubernetes, the Kustomize tree the tests render. */
export const KUSTOMIZE_ROOT = `${REPO_ROOT}deploy/kubernetes`;

/** Every overlay a user applies as it is. */
export const OVERLAYS = ['production', 'demo', 'remote-cluster'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** kubectl on these machines (TOOLCHAIN.md); KUBECTL overrides it. */
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** Whether kubectl exists; the tests that need it are skipped (and say why) without it. */
export const HAS_KUBECTL = existsSync(KUBECTL);

/** Shown as the skipped suites' reason. */
export const NO_KUBECTL = `kubectl not found at ${KUBECTL} (set KUBECTL): Kustomize rendering skipped`;

/** A rendered Kubernetes object, loosely typed: the tests read paths they assert on. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs kubectl with a scratch HOME (no user cache or config leaks in) and optional stdin. */
export function kubectl(
  args: string[],
  opts: { stdin?: string; kubeconfig?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: tmpdir() };
    if (opts.kubeconfig) env.KUBECONFIG = opts.kubeconfig;
    const child = execFile(
      KUBECTL,
      args,
      { env, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.stdin !== undefined) child.stdin?.end(opts.stdin);
  });
}

/** `kubectl kustomize <dir>` as text; throws with kubectl's message when it fails. */
export async function renderText(dir: string): Promise<string> {
  const result = await kubectl(['kustomize', dir]);
  if (result.code !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return result.stdout;
}

/** Parses a multi-document YAML stream into objects, skipping empty documents. */
export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0]?.message}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null);
}

/** Renders an overlay (or any Kustomize directory under deploy/kubernetes) into objects. */
export async function render(dir: string): Promise<KubeObject[]> {
  return parseObjects(await renderText(`${KUSTOMIZE_ROOT}/${dir}`));
}

/** The one object of `kind` named `name`; throws when there is none, so a missing object fails loudly. */
export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found)
    throw new Error(
      `no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  return found;
}

/** Components a user adds to an overlay (deploy/kubernetes/components). */
export const COMPONENTS = ['quota-requests', 'remote-clusters', 'node-actions'] as const;
/** Components of kinds a plain API server does not serve (the Prometheus Operator's CRDs), so not dry-run. */
export const CRD_COMPONENTS = ['monitoring'] as const;
export type Component = (typeof COMPONENTS)[number] | (typeof CRD_COMPONENTS)[number];

/**
 * An overlay with extra components, rendered as text through a scratch kustomization the way a user's own overlay
 * would add them (kustomize only takes relative paths).
 */
export async function renderWithComponentsText(
  overlay: Overlay,
  components: readonly Component[],
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'plimsoll-kustomize-'));
  try {
    const rel = relative(dir, KUSTOMIZE_ROOT);
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        `resources: [${rel}/overlays/${overlay}]`,
        `components: [${components.map((c) => `${rel}/components/${c}`).join(', ')}]`,
        '',
      ].join('\n'),
    );
    return await renderText(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** {@link renderWithComponentsText}, parsed. */
export async function renderWithComponents(
  overlay: Overlay,
  components: readonly Component[],
): Promise<KubeObject[]> {
  return parseObjects(await renderWithComponentsText(overlay, components));
}
