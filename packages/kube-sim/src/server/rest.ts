/** The resource endpoints: /api/v1/... and /apis/<group>/<version>/... for every served resource. */
import { evictPod } from './eviction.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { ApiError, badRequest, expired, notFound } from '../store/api-error.js';
import type { KubeObject } from '../store/types.js';
import type { SimUser } from './auth.js';
import { reviewAccess, reviewToken } from './auth.js';
import type { ServerContext } from './context.js';
import { methodNotAllowed, pathNotFound, readJsonBody, sendJson } from './http-util.js';
import { patchTypeOf } from './patch.js';
import { apiVersionOf, findServed } from './resources.js';
import type { ServedResource } from './resources.js';
import { compileFilter } from './selectors.js';
import type { ObjectFilter } from './selectors.js';
import { toTable } from './tables.js';
import type { IncludeObject } from './tables.js';
import { serveWatch } from './watch.js';
import { createObject, deleteObject, patchObject, updateObject } from './writes.js';
import type { WriteTarget } from './writes.js';

/** A resource URL taken apart. */
export interface ResourcePath {
  group: string;
  version: string;
  watch: boolean;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  subpath?: string;
}

/** Splits `/api/v1/namespaces/ns/pods/x/status` and friends; undefined when the path is not a resource path. */
export function parseResourcePath(
  ctx: ServerContext,
  segments: string[],
): ResourcePath | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 3) {
    [group, version, rest] = ['', segments[1] as string, segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    [group, version, rest] = [segments[1] as string, segments[2] as string, segments.slice(3)];
  } else {
    return undefined;
  }
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    findServed(ctx.store, group, version, rest[2] as string)?.type.namespaced
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource, name, subresource] = rest;
  if (!resource) return undefined;
  const out: ResourcePath = { group, version, watch, resource };
  if (namespace !== undefined) out.namespace = namespace;
  if (name !== undefined) out.name = name;
  if (subresource !== undefined) out.subresource = subresource;
  if (rest.length > 3) out.subpath = rest.slice(3).join('/');
  return out;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` }),
  ).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      rv?: unknown;
      start?: unknown;
    };
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string')
      throw new Error('bad token');
    // eslint-disable-next-line no-control-regex -- the NUL is the continue token's own separator
    return { rv: parsed.rv, start: parsed.start.replace(/\u0000$/, '') };
  } catch {
    throw badRequest('continue key is not valid: invalid continue token');
  }
}

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

function includeObjectOf(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

/** Lists with selectors, limit and continue; uses a field index when the selector pins an indexed field. */
function listStored(
  ctx: ServerContext,
  served: ServedResource,
  namespace: string | undefined,
  filter: ObjectFilter,
  q: URLSearchParams,
): {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
} {
  const { store } = ctx;
  const key = served.storeKey;
  const limitParam = Number(q.get('limit') ?? '0');
  const limit = Number.isInteger(limitParam) && limitParam > 0 ? limitParam : undefined;
  let rv = store.currentResourceVersion();
  let afterKey: string | undefined;
  const token = q.get('continue');
  if (token) {
    const parsed = decodeContinue(token);
    // The API server reads the rest of the list from etcd at the token's revision, which lives until compaction
    // (storage/etcd3: a continue below the compacted revision is ErrCompacted → 410).
    if (parsed.rv < store.compactedVersion()) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
    }
    rv = parsed.rv;
    afterKey = parsed.start;
  } else if (
    q.get('resourceVersionMatch') === 'Exact' &&
    q.get('resourceVersion') &&
    Number(q.get('resourceVersion')) !== rv
  ) {
    throw expired(`too old resource version: ${q.get('resourceVersion') ?? ''} (${rv})`);
  }
  const ns = served.type.namespaced ? namespace : undefined;
  const indexed = filter.fields.find(
    (f) => f.op === '=' && store.indexedFields(key).includes(f.field),
  );
  let items: KubeObject[];
  let nextKey: string | undefined;
  let remainingItemCount: number | undefined;
  if (indexed) {
    const all = store
      .listByIndex(key, indexed.field, indexed.value, ns)
      .filter((o) => filter.matches(o));
    const keyOf = (o: KubeObject): string =>
      o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
    const from = afterKey === undefined ? all : all.filter((o) => keyOf(o) > (afterKey as string));
    items = limit ? from.slice(0, limit) : from;
    if (limit && from.length > limit) nextKey = keyOf(items[items.length - 1] as KubeObject);
  } else {
    const page = store.listPage(key, {
      ...(ns !== undefined ? { namespace: ns } : {}),
      ...(afterKey !== undefined ? { afterKey } : {}),
      ...(limit ? { limit } : {}),
      // No selector: the store may count the rest of the range, as etcd does for remainingItemCount.
      ...(filter.labels.length > 0 || filter.fields.length > 0
        ? { filter: (o: KubeObject) => filter.matches(o) }
        : {}),
    });
    items = page.items;
    nextKey = page.nextKey;
    remainingItemCount = page.remainingItemCount;
  }
  return {
    items,
    resourceVersion: String(rv),
    ...(nextKey !== undefined ? { continueToken: encodeContinue(rv, nextKey) } : {}),
    ...(remainingItemCount !== undefined ? { remainingItemCount } : {}),
  };
}

function sendObjectOrTable(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  served: ServedResource,
  q: URLSearchParams,
  obj: KubeObject,
  code = 200,
): void {
  if (wantsTable(req)) {
    sendJson(
      res,
      code,
      toTable(served.storeKey, [obj], {
        now: ctx.now(),
        includeObject: includeObjectOf(q),
        resourceVersion: obj.metadata.resourceVersion ?? '',
      }),
    );
  } else {
    sendJson(res, code, served.toView ? served.toView(obj) : obj);
  }
}

function handleMetrics(
  ctx: ServerContext,
  res: ServerResponse,
  served: ServedResource,
  p: ResourcePath,
  q: URLSearchParams,
): void {
  const all =
    served.type.resource === 'nodes'
      ? (ctx.sim?.nodeMetrics() ?? [])
      : (ctx.sim?.podMetrics(p.namespace) ?? []);
  const filter = compileFilter('metrics', q.get('labelSelector'), q.get('fieldSelector'));
  const items = all.filter(
    (o) => (p.namespace === undefined || o.metadata.namespace === p.namespace) && filter.matches(o),
  );
  if (p.name !== undefined) {
    const one = items.find((o) => o.metadata.name === p.name);
    if (!one) throw notFound(served.type.group, served.type.resource, p.name);
    sendJson(res, 200, one);
    return;
  }
  sendJson(res, 200, {
    kind: `${served.type.kind}List`,
    apiVersion: apiVersionOf(served.type),
    metadata: {},
    items,
  });
}

async function handleReview(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  served: ServedResource,
  p: ResourcePath,
  user: SimUser,
): Promise<void> {
  if (req.method !== 'POST' || p.name !== undefined) throw methodNotAllowed(req.method ?? '');
  const body = await readJsonBody(req);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('the request body must be a JSON object');
  const review = {
    metadata: {},
    ...(body as Record<string, unknown>),
    apiVersion: apiVersionOf(served.type),
    kind: served.type.kind,
  } as KubeObject;
  if (p.namespace) review.metadata = { ...review.metadata, namespace: p.namespace };
  const answer =
    served.type.resource === 'tokenreviews'
      ? reviewToken(review, ctx.auth)
      : reviewAccess(
          ctx.store,
          review,
          served.type.resource === 'selfsubjectaccessreviews' ? user : undefined,
        );
  sendJson(res, 201, answer);
}

function handleProxy(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  p: ResourcePath,
): void {
  if (req.method !== 'GET') throw methodNotAllowed(req.method ?? '');
  const name = p.name ?? '';
  if (!ctx.store.get('core/v1/nodes', undefined, name)) throw notFound('', 'nodes', name);
  const body = ctx.sim?.nodeProxy(name, p.subpath ?? '');
  if (body === undefined) throw notFound('', 'nodes', `${name}/proxy/${p.subpath ?? ''}`);
  if (typeof body === 'string') {
    res.writeHead(200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  } else {
    sendJson(res, 200, body);
  }
}

/** Answers one request on a resource path. */
export async function handleResource(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  p: ResourcePath,
  q: URLSearchParams,
  user: SimUser,
): Promise<void> {
  const served = findServed(ctx.store, p.group, p.version, p.resource);
  if (!served || (p.namespace !== undefined && !served.type.namespaced)) throw pathNotFound();
  if (served.kind === 'metrics') {
    if (req.method !== 'GET') throw methodNotAllowed(req.method ?? '');
    handleMetrics(ctx, res, served, p, q);
    return;
  }
  if (served.kind === 'review') {
    await handleReview(ctx, req, res, served, p, user);
    return;
  }
  if (p.subresource !== undefined && !(served.type.subresources ?? []).includes(p.subresource))
    throw pathNotFound();
  if (p.subresource === 'proxy') {
    handleProxy(ctx, req, res, p);
    return;
  }
  const target: WriteTarget = { served, dryRun: q.getAll('dryRun').includes('All') };
  if (p.namespace !== undefined) target.namespace = p.namespace;
  if (p.name !== undefined) target.name = p.name;
  if (p.subresource !== undefined) target.subresource = p.subresource;
  const method = req.method ?? 'GET';

  if (method === 'GET') {
    const isWatch = p.watch || boolParam(q, 'watch');
    if (p.name === undefined || (isWatch && p.subresource === undefined)) {
      const fieldSelector =
        p.name !== undefined
          ? [q.get('fieldSelector'), `metadata.name=${p.name}`].filter(Boolean).join(',')
          : q.get('fieldSelector');
      const filter = compileFilter(served.storeKey, q.get('labelSelector'), fieldSelector);
      if (isWatch) {
        const timeout = Number(q.get('timeoutSeconds') ?? '');
        serveWatch(ctx, req, res, {
          served,
          ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
          filter,
          ...(q.get('resourceVersion') !== null
            ? { resourceVersion: q.get('resourceVersion') as string }
            : {}),
          allowBookmarks: boolParam(q, 'allowWatchBookmarks'),
          sendInitialEvents: boolParam(q, 'sendInitialEvents'),
          ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutSeconds: timeout } : {}),
          ...(wantsTable(req) ? { table: { includeObject: includeObjectOf(q) } } : {}),
        });
        return;
      }
      const list = listStored(ctx, served, p.namespace, filter, q);
      if (wantsTable(req)) {
        sendJson(
          res,
          200,
          toTable(served.storeKey, list.items, {
            now: ctx.now(),
            includeObject: includeObjectOf(q),
            resourceVersion: list.resourceVersion,
            ...(list.continueToken ? { continueToken: list.continueToken } : {}),
          }),
        );
        return;
      }
      const metadata: Record<string, unknown> = { resourceVersion: list.resourceVersion };
      if (list.continueToken) metadata.continue = list.continueToken;
      if (list.remainingItemCount !== undefined)
        metadata.remainingItemCount = list.remainingItemCount;
      const items = served.toView ? list.items.map(served.toView) : list.items;
      sendJson(res, 200, {
        kind: `${served.type.kind}List`,
        apiVersion: apiVersionOf(served.type),
        metadata,
        items,
      });
      return;
    }
    const obj = ctx.store.get(served.storeKey, p.namespace, p.name);
    if (!obj) throw notFound(served.type.group, served.type.resource, p.name);
    sendObjectOrTable(ctx, req, res, served, q, obj);
    return;
  }
  if (method === 'POST') {
    if (p.name === undefined) {
      sendObjectOrTable(
        ctx,
        req,
        res,
        served,
        q,
        createObject(ctx, target, await readJsonBody(req)),
        201,
      );
      return;
    }
    if (p.subresource === 'eviction') {
      sendJson(res, 201, evictPod(ctx, target as WriteTarget, await readJsonBody(req)));
      return;
    }
    throw methodNotAllowed(method);
  }
  if (p.name === undefined) {
    if (method === 'DELETE') {
      const filter = compileFilter(served.storeKey, q.get('labelSelector'), q.get('fieldSelector'));
      const { items } = listStored(ctx, served, p.namespace, filter, new URLSearchParams());
      const deleted = items.map((o) =>
        deleteObject(
          ctx,
          { ...target, namespace: o.metadata.namespace, name: o.metadata.name } as WriteTarget,
          undefined,
        ),
      );
      sendJson(res, 200, {
        kind: `${served.type.kind}List`,
        apiVersion: apiVersionOf(served.type),
        metadata: { resourceVersion: String(ctx.store.currentResourceVersion()) },
        items: deleted,
      });
      return;
    }
    throw methodNotAllowed(method);
  }
  if (method === 'PUT') {
    sendJson(res, 200, updateObject(ctx, target, await readJsonBody(req)));
    return;
  }
  if (method === 'PATCH') {
    const type = patchTypeOf(req.headers['content-type']);
    sendJson(res, 200, patchObject(ctx, target, type, await readJsonBody(req)));
    return;
  }
  if (method === 'DELETE') {
    if (p.subresource !== undefined) throw methodNotAllowed(method);
    sendJson(res, 200, deleteObject(ctx, target, await readJsonBody(req)));
    return;
  }
  throw new ApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}
