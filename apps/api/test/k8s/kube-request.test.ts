import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';

import { KubeApiError, sendKubeRequest } from '../../src/k8s/kube-client.js';

describe('sendKubeRequest', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function serve(handler: http.RequestListener) {
    server = http.createServer(handler);
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return {
      kc,
      base: new URL(`http://127.0.0.1:${port}`),
      agent: new http.Agent({ keepAlive: true }),
    };
  }

  it('sends a request again when the server closed the reused keep-alive socket (ECONNRESET), and only then', async () => {
    // The server answers the first request of each connection and drops the connection at the second, as an API
    // server (or a proxy) does when its idle timeout fires just as the client reuses the socket.
    let seen = 0;
    const perSocket = new WeakMap<object, number>();
    const target = await serve((req, res) => {
      seen++;
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n > 1) return req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'Node', metadata: { name: `n${seen}` } }));
    });
    expect(await sendKubeRequest(target, 'GET', '/api/v1/nodes/a')).toMatchObject({ kind: 'Node' });
    // Same socket, dropped: sent once more on a fresh one, and the caller sees only the answer.
    expect(await sendKubeRequest(target, 'PATCH', '/api/v1/nodes/a', { spec: {} })).toMatchObject({
      kind: 'Node',
    });
    expect(seen).toBe(3);
    target.agent.destroy();
  });

  it('does not retry a refusal: a Status answer throws KubeApiError with its reason and message', async () => {
    const target = await serve((_req, res) => {
      res.statusCode = 409;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          kind: 'Status',
          reason: 'Conflict',
          message: 'the object has been modified',
        }),
      );
    });
    const err = (await sendKubeRequest(target, 'PUT', '/api/v1/x', {}).catch(
      (e: unknown) => e,
    )) as KubeApiError;
    expect(err).toBeInstanceOf(KubeApiError);
    expect([err.statusCode, err.reason, err.message]).toEqual([
      409,
      'Conflict',
      'the object has been modified',
    ]);
    target.agent.destroy();
  });
});
