-- CreateTable
CREATE TABLE "node_drains" (
    "id" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "pods" JSONB NOT NULL,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "node_drains_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "node_drains_cluster_node_started_at_idx" ON "node_drains"("cluster", "node", "started_at");
