'use client';

import { SegmentedControl } from '@/components/segmented-control';

import { WORKLOAD_RANGES, type WorkloadRangeKey } from '../use-workload-range';

const CHOICES = (Object.keys(WORKLOAD_RANGES) as WorkloadRangeKey[]).map((k) => ({
  value: k,
  content: k,
  title: `The last ${k}`,
}));

/** The range of a workload view: 24h, 7d (default) or 30d. */
export function WorkloadRangePicker({
  value,
  onChange,
}: {
  value: WorkloadRangeKey;
  onChange(next: WorkloadRangeKey): void;
}) {
  return (
    <SegmentedControl
      label="Range"
      choices={CHOICES}
      value={value}
      onChange={onChange}
      className="text-xs"
    />
  );
}
