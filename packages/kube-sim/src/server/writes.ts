/** Create, update, patch and delete of stored resources, with dryRun=All and the /status subresource. */
import { randomUUID } from 'node:crypto';

import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  notFound,
} from '../store/api-error.js';
import { cloneJson, isPlainObject } from '../store/json.js';
import { BUILTIN_RESOURCE_TYPES } from '../store/builtin-types.js';
import { toRfc3339 } from '../store/object-store.js';
import type { KubeObject } from '../store/types.js';
import type { ServerContext } from './context.js';
import { applyJsonPatch, applyMergePatch, strategicMerge } from './patch.js';
import type { PatchType } from './patch.js';
import { apiVersionOf } from './resources.js';
import type { ServedResource } from './resources.js';

/** Where a write is addressed. */
export interface WriteTarget {
  served: ServedResource;
  namespace?: string;
  name?: string;
  subresource?: string;
  dryRun: boolean;
}

// IsDNS1123Subdomain (k8s.io/apimachinery/pkg/util/validation/validation.go)
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function hasStatusSubresource(served: ServedResource): boolean {
  return (served.type.subresources ?? []).includes('status');
}

// SetDefaults_Secret (pkg/apis/core/v1/defaults.go) and Convert_v1_Secret_To_core_Secret
// (pkg/apis/core/v1/conversion.go): a Secret without a type is Opaque, and its write-only stringData is merged into
// data (base64, overwriting keys of the same name) and never stored.
function secretOnWrite(obj: KubeObject): void {
  if (!obj.type) obj.type = 'Opaque';
  if (isPlainObject(obj.stringData)) {
    const data = isPlainObject(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(obj.stringData))
      data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

/** The object as the store keeps it: the served version's view undone, and the API server's write-time defaults. */
function toStored(served: ServedResource, obj: KubeObject): KubeObject {
  if (served.storeKey === 'core/v1/secrets') secretOnWrite(obj);
  return served.fromView ? served.fromView(obj) : obj;
}

function toServed(served: ServedResource, obj: KubeObject): KubeObject {
  return served.toView ? served.toView(obj) : obj;
}

function checkBody(
  served: ServedResource,
  body: unknown,
  namespace: string | undefined,
): KubeObject {
  if (!isPlainObject(body)) throw badRequest('the request body must be a JSON object');
  const obj = cloneJson(body) as KubeObject;
  if (!isPlainObject(obj.metadata)) obj.metadata = { name: '' };
  if (obj.kind !== undefined && obj.kind !== served.type.kind) {
    throw badRequest(
      `the kind of the provided object (${String(obj.kind)}) does not match the kind of the request (${served.type.kind})`,
    );
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(served.type)) {
    throw badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersionOf(served.type)})`,
    );
  }
  obj.kind = served.type.kind;
  obj.apiVersion = apiVersionOf(served.type);
  if (served.type.namespaced) {
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (namespace) obj.metadata.namespace = namespace;
  } else {
    delete obj.metadata.namespace;
  }
  return obj;
}

// ValidateObjectMeta name check and a few required fields (pkg/apis/core/validation/validation.go)
function validate(served: ServedResource, obj: KubeObject): void {
  const causes: Array<{ field: string; message: string; reason?: string }> = [];
  const name = obj.metadata.name;
  if (!name)
    causes.push({
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
      reason: 'FieldValueRequired',
    });
  else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    });
  }
  if (served.type.namespaced && !obj.metadata.namespace) {
    causes.push({
      field: 'metadata.namespace',
      message: 'Required value',
      reason: 'FieldValueRequired',
    });
  }
  if (served.storeKey === 'core/v1/pods') {
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    if (!Array.isArray(spec.containers) || spec.containers.length === 0) {
      causes.push({
        field: 'spec.containers',
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
    }
  }
  if (causes.length > 0) throw invalid(served.type.kind, name || '', causes);
}

/** POST on a collection. */
export function createObject(ctx: ServerContext, t: WriteTarget, body: unknown): KubeObject {
  const obj = checkBody(t.served, body, t.namespace);
  if (
    !obj.metadata.name &&
    typeof obj.metadata.generateName === 'string' &&
    obj.metadata.generateName
  ) {
    if (t.dryRun) obj.metadata.name = `${obj.metadata.generateName}dryrun`;
  } else {
    validate(t.served, obj);
  }
  delete obj.metadata.resourceVersion;
  const stored = toStored(t.served, obj);
  if (t.dryRun) {
    if (ctx.store.get(t.served.storeKey, obj.metadata.namespace, obj.metadata.name)) {
      throw alreadyExists(t.served.type.group, t.served.type.resource, obj.metadata.name);
    }
    stored.metadata.uid = randomUUID();
    stored.metadata.creationTimestamp = toRfc3339(ctx.now());
    return toServed(t.served, stored);
  }
  return toServed(t.served, ctx.store.create(t.served.storeKey, stored));
}

function current(ctx: ServerContext, t: WriteTarget): KubeObject {
  const obj = ctx.store.get(t.served.storeKey, t.namespace, t.name ?? '');
  if (!obj) throw notFound(t.served.type.group, t.served.type.resource, t.name ?? '');
  return obj;
}

/** Keeps the parts a write may not change: status on the main resource, everything but status on /status. */
function scope(t: WriteTarget, old: KubeObject, next: KubeObject): KubeObject {
  if (t.subresource === 'status') {
    const out = cloneJson(old) as KubeObject;
    out.metadata.resourceVersion = next.metadata.resourceVersion;
    if (next.status === undefined) delete out.status;
    else out.status = next.status;
    return out;
  }
  if (hasStatusSubresource(t.served)) {
    const out = { ...next };
    if (old.status === undefined) delete out.status;
    else out.status = old.status;
    return out;
  }
  return next;
}

function store(ctx: ServerContext, t: WriteTarget, old: KubeObject, next: KubeObject): KubeObject {
  const stored = toStored(t.served, next);
  const wanted = stored.metadata.resourceVersion;
  if (t.dryRun) {
    if (wanted && wanted !== old.metadata.resourceVersion)
      throw conflict(t.served.type.group, t.served.type.resource, old.metadata.name);
    return toServed(t.served, {
      ...stored,
      metadata: {
        ...stored.metadata,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        resourceVersion: old.metadata.resourceVersion,
      },
    });
  }
  return toServed(t.served, ctx.store.update(t.served.storeKey, stored));
}

/** PUT on an object or its /status. */
export function updateObject(ctx: ServerContext, t: WriteTarget, body: unknown): KubeObject {
  const obj = checkBody(t.served, body, t.namespace);
  if (obj.metadata.name !== t.name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${t.name ?? ''})`,
    );
  }
  validate(t.served, obj);
  const old = current(ctx, t);
  return store(ctx, t, old, scope(t, toServed(t.served, old), obj));
}

/** PATCH on an object or its /status; a metadata.resourceVersion in the patch is a precondition (409). */
export function patchObject(
  ctx: ServerContext,
  t: WriteTarget,
  type: PatchType,
  patch: unknown,
): KubeObject {
  if (
    type === 'strategic' &&
    !BUILTIN_RESOURCE_TYPES.some(
      (b) => b.group === t.served.type.group && b.resource === t.served.type.resource,
    ) &&
    t.served.kind !== 'view'
  ) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  }
  const existing = ctx.store.get(t.served.storeKey, t.namespace, t.name ?? '');
  if (!existing && type === 'apply') {
    return createObject(
      ctx,
      { ...t },
      {
        ...(isPlainObject(patch) ? patch : {}),
        metadata: {
          ...(isPlainObject(patch) && isPlainObject(patch.metadata) ? patch.metadata : {}),
          name: t.name,
        },
      },
    );
  }
  if (!existing) throw notFound(t.served.type.group, t.served.type.resource, t.name ?? '');
  const base = toServed(t.served, existing);
  let patched: unknown;
  if (type === 'json') patched = applyJsonPatch(base, patch);
  else if (type === 'merge') patched = applyMergePatch(base, patch);
  else patched = strategicMerge(base, patch);
  if (!isPlainObject(patched) || !isPlainObject(patched.metadata))
    throw badRequest('the patch removed the object metadata');
  const next = patched as KubeObject;
  if (
    next.metadata.name !== existing.metadata.name ||
    (next.metadata.namespace ?? undefined) !== (base.metadata.namespace ?? undefined)
  ) {
    throw badRequest('metadata.name and metadata.namespace cannot be changed by a patch');
  }
  validate(t.served, next);
  return store(ctx, t, existing, scope(t, base, next));
}

/** DELETE of one object: objects with finalizers get a deletionTimestamp, others go at once. */
export function deleteObject(ctx: ServerContext, t: WriteTarget, options: unknown): KubeObject {
  const old = current(ctx, t);
  const pre =
    isPlainObject(options) && isPlainObject(options.preconditions) ? options.preconditions : {};
  if (
    (typeof pre.uid === 'string' && pre.uid !== old.metadata.uid) ||
    (typeof pre.resourceVersion === 'string' &&
      pre.resourceVersion !== old.metadata.resourceVersion)
  ) {
    throw conflict(t.served.type.group, t.served.type.resource, old.metadata.name);
  }
  const finalizers = old.metadata.finalizers;
  if (Array.isArray(finalizers) && finalizers.length > 0) {
    if (old.metadata.deletionTimestamp || t.dryRun) return toServed(t.served, old);
    const marked = ctx.store.mutate(t.served.storeKey, t.namespace, old.metadata.name, (o) => {
      o.metadata.deletionTimestamp = toRfc3339(ctx.now());
      o.metadata.deletionGracePeriodSeconds = 0;
    });
    return toServed(t.served, marked ?? old);
  }
  if (t.dryRun) return toServed(t.served, old);
  return toServed(
    t.served,
    ctx.store.delete(t.served.storeKey, t.namespace, old.metadata.name) ?? old,
  );
}
