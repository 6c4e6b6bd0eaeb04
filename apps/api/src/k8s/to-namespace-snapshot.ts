import { requireMetadata } from './snapshot-util.js';

/** What Plimsoll keeps of a Namespace. */
export interface NamespaceSnapshot {
  name: string;
  labels: Record<string, string>;
  phase: string | null;
}

/** Slims a Namespace. */
export function toNamespaceSnapshot(object: unknown): NamespaceSnapshot {
  const meta = requireMetadata('Namespace', object);
  const phase = (object as { status?: { phase?: unknown } }).status?.phase;
  return { name: meta.name, labels: meta.labels, phase: typeof phase === 'string' ? phase : null };
}
