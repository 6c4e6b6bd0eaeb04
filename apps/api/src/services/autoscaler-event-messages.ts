/**
 * Reading cluster-autoscaler's Event messages (core/scaleup/orchestrator/executor.go, core/scaleup/orchestrator/
 * orchestrator.go, processors/status/eventing_scale_up_processor.go, core/scaledown/actuation/actuator.go).
 */

/** Reasons of the Events cluster-autoscaler records. */
export const AUTOSCALER_EVENT_REASONS = [
  'TriggeredScaleUp',
  'NotTriggerScaleUp',
  'ScaledUpGroup',
  'FailedToScaleUpGroup',
  'ScaleDown',
  'ScaleDownEmpty',
  'ScaleDownFailed',
] as const;

/** A node group size change named in a message. */
export interface GroupResize {
  group: string;
  from: number;
  to: number;
  max: number;
}

// "Scale-up: setting group %s size to %d instead of %d (max: %d)" (before IncreaseSize) and
// "Scale-up: group %s size set to %d instead of %d (max: %d)" (after it succeeded).
const SETTING = /^Scale-up: setting group (\S+) size to (\d+) instead of (\d+) \(max: (\d+)\)/;
const SET = /^Scale-up: group (\S+) size set to (\d+) instead of (\d+) \(max: (\d+)\)/;
// "pod triggered scale-up: [{group 1->3 (max: 5)} {other 0->1 (max: 2)}]"
const TRIGGERED = /\{(\S+) (\d+)->(\d+) \(max: (\d+)\)\}/g;
// "Scale-up failed for group %s: %v"
const FAILED = /^Scale-up failed for group (\S+?): /;

/** The resize a ScaledUpGroup message names, and whether it is the attempt (`setting`) or the result (`set`). */
export function parseScaledUpGroupMessage(
  message: string,
): (GroupResize & { phase: 'setting' | 'set' }) | null {
  const setting = SETTING.exec(message);
  const m = setting ?? SET.exec(message);
  if (!m) return null;
  return {
    group: m[1] as string,
    to: Number(m[2]),
    from: Number(m[3]),
    max: Number(m[4]),
    phase: setting ? 'setting' : 'set',
  };
}

/** The resizes a pod's TriggeredScaleUp message lists. */
export function parseTriggeredScaleUpMessage(message: string): GroupResize[] {
  return [...message.matchAll(TRIGGERED)].map((m) => ({
    group: m[1] as string,
    from: Number(m[2]),
    to: Number(m[3]),
    max: Number(m[4]),
  }));
}

/** The group a FailedToScaleUpGroup message names. */
export function parseFailedScaleUpGroup(message: string): string | null {
  return FAILED.exec(message)?.[1] ?? null;
}

/**
 * The aggregated reasons of a NotTriggerScaleUp message: "pod didn't trigger scale-up: 2 max node group size
 * reached, 1 node(s) had untolerated taint {k: v}" → [{count: 2, reason: 'max node group size reached'}, …].
 * Older releases wrote "pod didn't trigger scale-up (it wouldn't fit if a new node is added): …".
 */
export function parseNotTriggerScaleUpReasons(
  message: string,
): Array<{ count: number; reason: string }> {
  const colon = message.indexOf(': ');
  const body = colon >= 0 ? message.slice(colon + 2) : message;
  const out: Array<{ count: number; reason: string }> = [];
  // A reason may itself contain ", " (taint lists); a new reason starts only at ", <number> ".
  for (const part of body.split(/, (?=\d+ )/)) {
    const m = /^(\d+) (.+)$/.exec(part.trim());
    if (m) out.push({ count: Number(m[1]), reason: (m[2] as string).trim() });
    else if (part.trim()) out.push({ count: 1, reason: part.trim() });
  }
  return out;
}
