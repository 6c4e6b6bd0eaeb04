'use client';

import { SegmentedControl } from '@/components/segmented-control';
import { timeZoneLabel } from '@/lib/format';
import { useTimeZone, type TimeZoneChoice } from '@/lib/time-zone';

const CHOICES = (['local', 'utc'] as const satisfies readonly TimeZoneChoice[]).map((value) => ({
  value,
  content: value === 'utc' ? 'UTC' : 'Local',
  title: `Show times in ${timeZoneLabel(value)}`,
}));

/** Local / UTC for every date on the page. The choice persists in localStorage and follows other tabs. */
export function TimeZoneSwitch({ className }: { className?: string }) {
  const [zone, setZone] = useTimeZone();
  return (
    <SegmentedControl
      label="Times shown in"
      choices={CHOICES}
      value={zone}
      onChange={setZone}
      className={className}
      segmentClassName="font-mono text-[11px]"
    />
  );
}
