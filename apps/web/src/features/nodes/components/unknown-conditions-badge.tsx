import { Badge } from '@/components/badge';

/**
 * Conditions whose status is Unknown, as one neutral badge: the kubelet has stopped reporting, so
 * there may or may not be pressure. Red is kept for conditions that are actually True.
 */
export function UnknownConditionsBadge({ types }: { types: readonly string[] }) {
  if (types.length === 0) return null;
  return (
    <Badge tone="neutral" title={`Unknown (the kubelet stopped reporting): ${types.join(', ')}`}>
      {types.length === 1 ? `${types[0]} Unknown` : `${types.length} conditions Unknown`}
    </Badge>
  );
}
