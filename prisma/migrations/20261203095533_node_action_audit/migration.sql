-- CreateTable
CREATE TABLE "node_action_audit_events" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "drain_id" TEXT,
    "outcome" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "node_action_audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "node_action_audit_events_cluster_node_created_at_idx" ON "node_action_audit_events"("cluster", "node", "created_at");
