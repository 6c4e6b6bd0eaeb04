-- At most one running drain per node, even when two replicas start one at the same moment: each checks for a
-- running drain first, but both checks can pass before either insert lands. The Prisma schema cannot declare a
-- partial index, so the index lives here only.
CREATE UNIQUE INDEX "node_drains_one_running_per_node" ON "node_drains"("cluster", "node") WHERE "state" = 'running';
