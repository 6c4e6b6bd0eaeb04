/** Test helpers: a server over the fixture store, JSON requests and watch stream readers. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startApiServer } from '../src/server/api-server.js';
import type { ApiServer, ApiServerOptions } from '../src/server/api-server.js';
import { buildKubeconfig } from '../src/server/kubeconfig.js';
import type { KubeObjectStore } from '../src/store/object-store.js';
import { createFixtureStore, FIXTURE_NOW } from './fixtures.js';

export const KUBECTL = '/usr/bin/kubectl';
export const HAS_KUBECTL = existsSync(KUBECTL);

/** A server on a random port over a fresh fixture store. */
export async function startFixtureServer(
  opts: Partial<ApiServerOptions> & { watchWindow?: number } = {},
): Promise<{ server: ApiServer; store: KubeObjectStore; kubeconfigPath: string }> {
  const store =
    opts.store ??
    createFixtureStore(opts.watchWindow !== undefined ? { watchWindow: opts.watchWindow } : {});
  const server = await startApiServer({ now: () => FIXTURE_NOW, ...opts, store, port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'kube-sim-test-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    buildKubeconfig({
      url: server.url,
      ...(server.caCert ? { caCert: server.caCert } : {}),
      ...(opts.token ? { token: opts.token } : {}),
    }),
  );
  return { server, store, kubeconfigPath };
}

/** A JSON request; returns status, headers and the parsed body. */
export async function request(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const res = await fetch(url, { ...init, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (e.g. a text proxy body); keep the text.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Reads watch events from a streaming response until `count` arrived or `timeoutMs` passed. */
export async function readWatch(
  url: string,
  count: number,
  opts: {
    timeoutMs?: number;
    headers?: Record<string, string>;
    onOpen?: () => void | Promise<void>;
  } = {},
): Promise<any[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs ?? 3000);
  const events: any[] = [];
  try {
    const res = await fetch(url, { signal: controller.signal, headers: opts.headers ?? {} });
    if (!res.body) return events;
    await opts.onOpen?.();
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) events.push(JSON.parse(line));
      }
    }
    await reader.cancel().catch(() => undefined);
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

/** Runs kubectl with a kubeconfig; resolves with stdout, stderr and exit code. */
export function kubectl(
  kubeconfigPath: string,
  args: string[],
  timeoutMs = 10_000,
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      KUBECTL,
      ['--kubeconfig', kubeconfigPath, ...args],
      { timeout: timeoutMs, env: { ...process.env, KUBECONFIG: kubeconfigPath, HOME: tmpdir() } },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ stdout, stderr, code });
      },
    );
  });
}

export { FIXTURE_NOW };
