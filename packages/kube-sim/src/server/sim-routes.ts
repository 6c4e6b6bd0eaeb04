/** Control routes under /sim/v1: ground truth, cluster info, faults and the autoscaler's status. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { badRequest } from '../store/api-error.js';
import type { ServerContext } from './context.js';
import { applyFaultUpdate } from './faults.js';
import { methodNotAllowed, pathNotFound, readJsonBody, sendJson } from './http-util.js';

/** Answers GET /sim/v1/truth, GET /sim/v1/info, GET|POST /sim/v1/faults and POST /sim/v1/autoscaler. */
export async function handleSimRoute(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  q: URLSearchParams,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (route === 'truth') {
    if (method !== 'GET') throw methodNotAllowed(method);
    const sinceParam = q.get('since');
    let since: Date | undefined;
    if (sinceParam) {
      since = new Date(sinceParam);
      if (Number.isNaN(since.getTime()))
        throw badRequest(`since must be an RFC 3339 time, got ${sinceParam}`);
    }
    sendJson(res, 200, { items: ctx.sim ? ctx.sim.truth(since) : [] });
    return;
  }
  if (route === 'info') {
    if (method !== 'GET') throw methodNotAllowed(method);
    sendJson(res, 200, {
      scenario: ctx.info.scenario ?? null,
      speed: ctx.info.speed ?? 1,
      simTime: ctx.now().toISOString(),
      nodes: ctx.store.count('core/v1/nodes'),
      pods: ctx.store.count('core/v1/pods'),
      resourceVersion: String(ctx.store.currentResourceVersion()),
      openWatches: ctx.watches.size,
    });
    return;
  }
  if (route === 'faults') {
    if (method === 'GET') {
      sendJson(res, 200, ctx.faults);
      return;
    }
    if (method !== 'POST') throw methodNotAllowed(method);
    let actions;
    try {
      actions = applyFaultUpdate(ctx.faults, await readJsonBody(req));
    } catch (err) {
      throw badRequest((err as Error).message);
    }
    if (actions.dropWatches) for (const w of [...ctx.watches]) w.end();
    if (actions.resetWatches) for (const w of [...ctx.watches]) w.reset();
    sendJson(res, 200, { ...ctx.faults, ...actions });
    if (actions.restartAfterMs !== undefined && ctx.restart) {
      const after = actions.restartAfterMs;
      // Let the answer reach the caller before the listener goes away.
      res.on('finish', () => ctx.restart?.(after));
    }
    return;
  }
  if (route === 'autoscaler') {
    // `{ "cutStatusBytes": n }`: publish the status ConfigMap with its last n bytes cut off (0: whole).
    if (method !== 'POST') throw methodNotAllowed(method);
    const body = (await readJsonBody(req)) as { cutStatusBytes?: unknown } | null;
    const bytes = body?.cutStatusBytes;
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0)
      throw badRequest('cutStatusBytes must be a non-negative integer');
    if (!ctx.sim?.cutAutoscalerStatus(bytes))
      throw badRequest('this simulation runs no cluster-autoscaler');
    sendJson(res, 200, { cutStatusBytes: bytes });
    return;
  }
  throw pathNotFound();
}
