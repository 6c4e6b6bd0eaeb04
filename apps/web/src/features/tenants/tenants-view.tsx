import { PageHeader } from '@/components/page-header';
import { PlannedView } from '@/components/planned-view';

/** The Tenants view. Until a later release builds it, it says so and what it will show. */
export function TenantsView() {
  return (
    <>
      <PageHeader
        title="Tenants"
        description="Each tenant’s namespaces, members, quota usage and isolation."
      />
      <PlannedView
        plans={[
          'Each tenant with its namespaces, members and quota usage per resource, warning as usage nears the limit',
          'Evictions in the tenant’s namespaces over the last 24 hours',
          'An isolation audit per tenant: quotas, default-deny network policies, privileged pods, Pod Security labels, cross-tenant bindings and taints',
        ]}
      />
    </>
  );
}
