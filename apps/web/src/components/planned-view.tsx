import { Card } from './card';
import { EmptyState } from './empty-state';

/** Props for {@link PlannedView}. */
export interface PlannedViewProps {
  /** What the finished view will show, one item per line. */
  plans: readonly string[];
}

/**
 * The honest placeholder for a view that a later release builds: it says the view does not exist
 * yet and what it will show, and shows no invented data.
 */
export function PlannedView({ plans }: PlannedViewProps) {
  return (
    <Card>
      <EmptyState
        title="This view is not built yet"
        description="Plimsoll will fill it from the history its collector records. Nothing is shown until then, rather than sample data."
      >
        <p className="text-xs font-medium text-fg-subtle">It will show</p>
        <ul className="mt-1.5 list-disc space-y-1 pl-5 text-[13px] text-fg-muted marker:text-fg-subtle">
          {plans.map((plan) => (
            <li key={plan}>{plan}</li>
          ))}
        </ul>
      </EmptyState>
    </Card>
  );
}
