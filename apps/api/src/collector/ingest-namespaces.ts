import { getTenantFromLabels } from '@plimsoll/shared';

import type { NamespaceSnapshot } from '../k8s/to-namespace-snapshot.js';
import type { WatchEvent } from './watch-event.js';
import type { RowSink } from './write-buffer.js';

/** tenant_namespaces: upserted when a namespace's tenant label appears, changes or goes. */
export class NamespaceIngester {
  private readonly tenants = new Map<string, string>();

  constructor(
    private readonly cluster: string,
    private readonly sink: RowSink,
    private readonly tenantLabels: readonly string[],
  ) {}

  seed(rows: Array<{ namespace: string; tenant: string }>): void {
    this.tenants.clear();
    for (const r of rows) this.tenants.set(r.namespace, r.tenant);
  }

  ingest(event: WatchEvent<NamespaceSnapshot>): void {
    const ns = event.object;
    const tenant =
      event.type === 'DELETED' ? null : getTenantFromLabels(ns.labels, this.tenantLabels);
    if ((this.tenants.get(ns.name) ?? null) === tenant) return;
    if (tenant) this.tenants.set(ns.name, tenant);
    else this.tenants.delete(ns.name);
    this.sink.push(
      'tenantNamespaces',
      { cluster: this.cluster, namespace: ns.name, tenant, observedAt: event.observedAt },
      'namespaces',
    );
  }
}
