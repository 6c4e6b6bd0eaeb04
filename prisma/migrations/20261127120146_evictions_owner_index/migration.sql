-- CreateIndex
CREATE INDEX "evictions_cluster_owner_name_evicted_at_idx" ON "evictions"("cluster", "owner_name", "evicted_at");
