import { BadObjectError, requireMetadata } from './snapshot-util.js';

/** One subject of a RoleBinding. */
export interface RbacSubjectSnapshot {
  kind: string;
  name: string;
  namespace: string | null;
  apiGroup: string | null;
}

/** What Plimsoll keeps of an rbac.authorization.k8s.io RoleBinding: who gets which role in the namespace. */
export interface RoleBindingSnapshot {
  namespace: string;
  name: string;
  resourceVersion: string;
  labels: Record<string, string>;
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: RbacSubjectSnapshot[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Slims a RoleBinding; throws BadObjectError without a roleRef. */
export function toRoleBindingSnapshot(object: unknown): RoleBindingSnapshot {
  const meta = requireMetadata('RoleBinding', object);
  const o = object as { roleRef?: Record<string, unknown>; subjects?: unknown };
  const ref = o.roleRef;
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') {
    throw new BadObjectError(meta.id, 'no roleRef');
  }
  const subjects: RbacSubjectSnapshot[] = [];
  for (const s of Array.isArray(o.subjects) ? (o.subjects as Array<Record<string, unknown>>) : []) {
    if (!s || typeof s.kind !== 'string' || typeof s.name !== 'string') continue;
    subjects.push({
      kind: s.kind,
      name: s.name,
      namespace: str(s.namespace),
      apiGroup: str(s.apiGroup),
    });
  }
  return {
    namespace: meta.namespace,
    name: meta.name,
    resourceVersion: meta.resourceVersion,
    labels: meta.labels,
    roleRef: {
      apiGroup: typeof ref.apiGroup === 'string' ? ref.apiGroup : '',
      kind: ref.kind,
      name: ref.name,
    },
    subjects,
  };
}
