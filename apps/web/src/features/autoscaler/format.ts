import type { BadgeTone } from '@/components/badge';

/** Tone of an autoscaler condition status. */
export function conditionTone(status: string): BadgeTone {
  switch (status) {
    case 'Healthy':
    case 'NoActivity':
    case 'NoCandidates':
    case 'NotNeeded':
      return 'ok';
    case 'InProgress':
    case 'CandidatesPresent':
    case 'Needed':
      return 'info';
    case 'Backoff':
      return 'warn';
    case 'Unhealthy':
      return 'danger';
    default:
      return 'neutral';
  }
}

/** "MachineDeployment/default/plimsoll-sim-batch" → "plimsoll-sim-batch"; long cloud URLs → their last segment. */
export function shortGroupName(id: string): string {
  const parts = id.split('/');
  return parts[parts.length - 1] || id;
}
