/**
 * The set of JSON key paths of an object, for comparing the simulator's objects with real ones: array indices
 * collapse to `[]`, and the keys of a map field (labels, capacity, requests …) collapse to `{}`, so two objects
 * of a type compare by which fields they carry, not by their values or how many items they list.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The map fields of an API round-trip fixture (k8s.io/api testdata/HEAD): it fills a map field `foo` with the
 * one key `fooKey`, so an object whose only key is its own name plus `Key` is a map.
 */
export function mapFieldsOf(fixture: Json): Set<string> {
  const maps = new Set<string>();
  walk(fixture, '', (path, value, name) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === `${name}Key`) maps.add(path);
    }
  });
  return maps;
}

function walk(
  value: Json,
  path: string,
  visit: (path: string, value: Json, name: string) => void,
  name = '',
): void {
  visit(path, value, name);
  if (Array.isArray(value)) {
    for (const item of value) walk(item, `${path}[]`, visit, name);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, visit, k);
  }
}

/** Every key path of `value`; under a path in `maps` the keys become `{}`. */
export function keyPaths(value: unknown, maps: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const go = (v: unknown, path: string) => {
    if (path) out.add(path);
    if (Array.isArray(v)) {
      for (const item of v) go(item, `${path}[]`);
    } else if (v && typeof v === 'object') {
      if (maps.has(path)) {
        if (Object.keys(v).length > 0) out.add(`${path}.{}`);
        return;
      }
      for (const [k, child] of Object.entries(v)) go(child, path ? `${path}.${k}` : k);
    }
  };
  go(value, '');
  return out;
}

/** Paths of `a` that `b` lacks, sorted. */
export function missingFrom(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((p) => !b.has(p)).sort();
}
