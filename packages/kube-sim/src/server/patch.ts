import { ApiError, badRequest } from '../store/api-error.js';
import { cloneJson, isPlainObject, jsonEqual } from '../store/json.js';

/** The patch content types the API server accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Maps a request Content-Type to a patch type; throws 415 for anything else. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  switch (ct) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
      return 'apply';
    default:
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      );
  }
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`invalid JSON pointer: ${path}`);
  return path.slice(1).split('/').map(unescapePointer);
}

function arrayIndex(arr: unknown[], token: string, forAdd: boolean): number {
  if (token === '-' && forAdd) return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw badRequest(`invalid array index: ${token}`);
  const i = Number(token);
  if (i > arr.length || (!forAdd && i === arr.length))
    throw badRequest(`array index out of bounds: ${token}`);
  return i;
}

function resolveParent(
  doc: unknown,
  tokens: string[],
  path: string,
): { parent: unknown; last: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isPlainObject(cur) && t in cur) cur = cur[t];
    else throw new ApiError(422, 'Invalid', `doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, last: tokens[tokens.length - 1] as string };
}

function getAt(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const t of parsePointer(path)) {
    if (Array.isArray(cur)) cur = cur[arrayIndex(cur, t, false)];
    else if (isPlainObject(cur) && t in cur) cur = cur[t];
    else throw new ApiError(422, 'Invalid', `doc is missing path: "${path}": missing value`);
  }
  return cur;
}

function removeAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw badRequest('cannot remove the whole document');
  const { parent, last } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, false), 1)[0];
  if (isPlainObject(parent) && last in parent) {
    const v = parent[last];
    delete parent[last];
    return v;
  }
  throw new ApiError(422, 'Invalid', `Unable to remove nonexistent key: ${last}: missing value`);
}

function addAt(doc: unknown, path: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, last, !replace);
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isPlainObject(parent)) {
    if (replace && !(last in parent)) {
      throw new ApiError(
        422,
        'Invalid',
        `replace operation does not apply: doc is missing key: ${path}: missing value`,
      );
    }
    parent[last] = value;
  } else {
    throw new ApiError(422, 'Invalid', `doc is missing path: "${path}": missing value`);
  }
  return doc;
}

/** Applies an RFC 6902 JSON patch to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw badRequest('json patch must be an array of operations');
  let out = cloneJson(doc);
  for (const raw of ops) {
    if (!isPlainObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw badRequest('invalid json patch operation');
    }
    const { op, path } = raw as { op: string; path: string };
    switch (op) {
      case 'add':
        out = addAt(out, path, cloneJson(raw.value), false);
        break;
      case 'replace':
        out = addAt(out, path, cloneJson(raw.value), true);
        break;
      case 'remove':
        removeAt(out, path);
        break;
      case 'move': {
        const v = removeAt(out, String(raw.from));
        out = addAt(out, path, v, false);
        break;
      }
      case 'copy':
        out = addAt(out, path, cloneJson(getAt(out, String(raw.from))), false);
        break;
      case 'test':
        if (!jsonEqual(getAt(out, path), raw.value)) {
          throw new ApiError(422, 'Invalid', `testing value ${path} failed: test failed`);
        }
        break;
      default:
        throw badRequest(`unexpected json patch operation: ${op}`);
    }
  }
  return out;
}

/** Applies an RFC 7386 JSON merge patch: objects merge, null deletes, anything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  const out: Record<string, unknown> = isPlainObject(target) ? cloneJson(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

/**
 * patchMergeKey of the list fields the simulated types use with patchStrategy "merge"
 * (k8s.io/api core/v1 and meta/v1 struct tags). Lists not named here are replaced whole.
 */
const MERGE_KEYS: Record<string, string | ((item: Record<string, unknown>) => string)> = {
  conditions: 'type',
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  addresses: 'type',
  hostAliases: 'ip',
  podIPs: 'ip',
  resourceClaims: 'name',
  topologySpreadConstraints: 'topologyKey',
  // ContainerPort merges on containerPort, ServicePort on port.
  ports: (item) => ('containerPort' in item ? 'containerPort' : 'port'),
};

/** Primitive lists with patchStrategy "merge": the patch's values are added to the existing ones. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, sample: unknown): string | undefined {
  const k = MERGE_KEYS[field];
  if (typeof k === 'function') return isPlainObject(sample) ? k(sample) : undefined;
  return k;
}

function mergeList(field: string, original: unknown, patch: unknown[]): unknown[] {
  const orig = Array.isArray(original) ? original : [];
  if (MERGED_PRIMITIVE_LISTS.has(field) && patch.every((p) => !isPlainObject(p))) {
    const out = [...orig];
    for (const p of patch) if (!out.some((o) => jsonEqual(o, p))) out.push(p);
    return out;
  }
  const key = mergeKeyFor(field, patch.find(isPlainObject) ?? orig.find(isPlainObject));
  if (!key)
    return patch
      .filter((p) => !(isPlainObject(p) && p.$patch === 'delete'))
      .map((p) => cloneJson(p));
  if (patch.some((p) => isPlainObject(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isPlainObject(p) && p.$patch)).map((p) => cloneJson(p));
  }
  const out = orig.map((o) => cloneJson(o));
  for (const p of patch) {
    if (!isPlainObject(p)) continue;
    const idx = out.findIndex((o) => isPlainObject(o) && jsonEqual(o[key], p[key]));
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = strategicMerge(out[idx], p);
    } else {
      out.push(strategicMerge({}, p));
    }
  }
  return out;
}

// mergeMap (k8s.io/apimachinery/pkg/util/strategicpatch/patch.go), for the directives kubectl sends
/**
 * Applies a strategic merge patch: maps merge, null deletes, lists with a known merge key merge by it
 * (`conditions` by type, `containers` by name …) and other lists are replaced. Honours `$patch`
 * (replace/delete), `$retainKeys`, `$deleteFromPrimitiveList/<f>` and `$setElementOrder/<f>`.
 */
export function strategicMerge(original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return cloneJson(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return cloneJson(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, unknown> = isPlainObject(original) ? cloneJson(original) : {};
  const order: Record<string, unknown[]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (k === '$retainKeys') {
      if (Array.isArray(v))
        for (const key of Object.keys(out)) if (!v.includes(key)) delete out[key];
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) {
        out[field] = (out[field] as unknown[]).filter((x) => !v.some((d) => jsonEqual(d, x)));
      }
      continue;
    }
    if (k.startsWith('$setElementOrder/')) {
      if (Array.isArray(v)) order[k.slice('$setElementOrder/'.length)] = v;
      continue;
    }
    if (v === null) {
      delete out[k];
    } else if (Array.isArray(v)) {
      out[k] = mergeList(k, out[k], v);
    } else if (isPlainObject(v)) {
      const merged = strategicMerge(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  for (const [field, wanted] of Object.entries(order)) {
    const list = out[field];
    if (!Array.isArray(list)) continue;
    const key = mergeKeyFor(field, list.find(isPlainObject));
    const pos = (item: unknown): number => {
      const i = wanted.findIndex((w) =>
        key && isPlainObject(w) && isPlainObject(item)
          ? jsonEqual(w[key], item[key])
          : jsonEqual(w, item),
      );
      return i < 0 ? wanted.length : i;
    };
    out[field] = [...list].sort((a, b) => pos(a) - pos(b));
  }
  return out;
}
