import type { LeaseEpisode } from '@plimsoll/shared/schemas';

import { formatDuration, formatSeconds } from '@/lib/format';

/**
 * How long a staleness episode's lease went unrenewed. An ended episode has its longest gap; an
 * ongoing one has no gap yet (it is still open), so it reads how long since the last renewal.
 */
export function EpisodeGap({
  episode,
  now = Date.now(),
}: {
  episode: Pick<LeaseEpisode, 'endedAt' | 'startedAt' | 'lastRenewBefore' | 'longestGapSeconds'>;
  now?: number;
}) {
  if (episode.endedAt) return <>longest gap {formatSeconds(episode.longestGapSeconds)}</>;
  const since = Date.parse(episode.lastRenewBefore ?? episode.startedAt);
  return (
    <>
      {episode.lastRenewBefore ? 'no renewal for' : 'stale for'} {formatDuration(now - since)} so
      far
    </>
  );
}
