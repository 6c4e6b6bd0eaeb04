-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "clusters" (
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clusters_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "current_nodes" (
    "cluster" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "resource_version" TEXT NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "taints" JSONB NOT NULL DEFAULT '[]',
    "conditions" JSONB NOT NULL DEFAULT '[]',
    "capacity" JSONB NOT NULL DEFAULT '{}',
    "allocatable" JSONB NOT NULL DEFAULT '{}',
    "node_info" JSONB NOT NULL DEFAULT '{}',
    "unschedulable" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "current_nodes_pkey" PRIMARY KEY ("cluster","name")
);

-- CreateTable
CREATE TABLE "collector_checkpoints" (
    "cluster" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "resource_version" TEXT,
    "last_sync_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "collector_checkpoints_pkey" PRIMARY KEY ("cluster","resource")
);

-- CreateTable
CREATE TABLE "node_condition_transitions" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "message" TEXT,
    "last_transition_time" TIMESTAMPTZ(3) NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "reconstructed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "node_condition_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "node_spec_changes" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "previous" JSONB,
    "resource_version" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "node_spec_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lease_staleness_episodes" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "last_renew_before" TIMESTAMPTZ(3),
    "longest_gap_seconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reconstructed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "lease_staleness_episodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leader_transitions" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "previous_holder" TEXT,
    "lease_transitions" INTEGER,
    "acquire_time" TIMESTAMPTZ(3),
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "leader_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "node_problem_episodes" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "condition_type" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "message" TEXT,
    "severity" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "node_problem_episodes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pressure_samples" (
    "cluster" TEXT NOT NULL,
    "node" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "resolution_seconds" INTEGER NOT NULL DEFAULT 0,
    "memory_available_bytes" BIGINT,
    "memory_working_set_bytes" BIGINT,
    "nodefs_available_bytes" BIGINT,
    "nodefs_capacity_bytes" BIGINT,
    "nodefs_inodes_free" BIGINT,
    "nodefs_inodes" BIGINT,
    "imagefs_available_bytes" BIGINT,
    "imagefs_capacity_bytes" BIGINT,
    "imagefs_inodes_free" BIGINT,
    "pid_available" BIGINT,
    "pid_max" BIGINT,

    CONSTRAINT "pressure_samples_pkey" PRIMARY KEY ("cluster","node","resolution_seconds","at")
);

-- CreateTable
CREATE TABLE "evictions" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "pod" TEXT NOT NULL,
    "pod_uid" TEXT NOT NULL,
    "node" TEXT,
    "tenant" TEXT,
    "owner_kind" TEXT,
    "owner_name" TEXT,
    "qos_class" TEXT,
    "priority" INTEGER,
    "resource" TEXT,
    "threshold" TEXT,
    "available" TEXT,
    "offenders" JSONB NOT NULL DEFAULT '[]',
    "message" TEXT NOT NULL,
    "node_pressure" JSONB,
    "evicted_at" TIMESTAMPTZ(3) NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "reconstructed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "evictions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kube_events" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT,
    "reason" TEXT,
    "message" TEXT,
    "involved_kind" TEXT,
    "involved_name" TEXT,
    "involved_namespace" TEXT,
    "source_component" TEXT,
    "source_host" TEXT,
    "count" INTEGER NOT NULL DEFAULT 1,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "kube_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quota_samples" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hard" JSONB NOT NULL,
    "used" JSONB NOT NULL,
    "scopes" JSONB NOT NULL DEFAULT '[]',
    "resource_version" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "quota_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "autoscaler_status_samples" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "status" JSONB NOT NULL,
    "raw" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "autoscaler_status_samples_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_namespaces" (
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tenant_namespaces_pkey" PRIMARY KEY ("cluster","namespace")
);

-- CreateTable
CREATE TABLE "quota_requests" (
    "id" BIGSERIAL NOT NULL,
    "cluster" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "quota_name" TEXT NOT NULL,
    "requested_hard" JSONB NOT NULL,
    "current_hard" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "requested_by" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_comment" TEXT,
    "applied_hard" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "quota_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quota_request_audit_events" (
    "id" BIGSERIAL NOT NULL,
    "request_id" BIGINT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quota_request_audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" BIGSERIAL NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT,
    "password_hash" TEXT,
    "role" TEXT NOT NULL,
    "tenants" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_agent" TEXT,
    "ip" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "node_condition_transitions_cluster_node_last_transition_tim_idx" ON "node_condition_transitions"("cluster", "node", "last_transition_time");

-- CreateIndex
CREATE INDEX "node_condition_transitions_cluster_last_transition_time_idx" ON "node_condition_transitions"("cluster", "last_transition_time");

-- CreateIndex
CREATE UNIQUE INDEX "node_condition_transitions_idem" ON "node_condition_transitions"("cluster", "node", "type", "last_transition_time", "status");

-- CreateIndex
CREATE INDEX "node_spec_changes_cluster_node_observed_at_idx" ON "node_spec_changes"("cluster", "node", "observed_at");

-- CreateIndex
CREATE UNIQUE INDEX "node_spec_changes_idem" ON "node_spec_changes"("cluster", "node", "field", "resource_version");

-- CreateIndex
CREATE INDEX "lease_staleness_episodes_cluster_node_started_at_idx" ON "lease_staleness_episodes"("cluster", "node", "started_at");

-- CreateIndex
CREATE INDEX "lease_staleness_episodes_cluster_started_at_idx" ON "lease_staleness_episodes"("cluster", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "lease_staleness_episodes_idem" ON "lease_staleness_episodes"("cluster", "node", "started_at");

-- CreateIndex
CREATE INDEX "leader_transitions_cluster_namespace_name_observed_at_idx" ON "leader_transitions"("cluster", "namespace", "name", "observed_at");

-- CreateIndex
CREATE UNIQUE INDEX "leader_transitions_idem" ON "leader_transitions"("cluster", "namespace", "name", "holder", "acquire_time");

-- CreateIndex
CREATE INDEX "node_problem_episodes_cluster_node_started_at_idx" ON "node_problem_episodes"("cluster", "node", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "node_problem_episodes_idem" ON "node_problem_episodes"("cluster", "node", "condition_type", "started_at");

-- CreateIndex
CREATE INDEX "pressure_samples_cluster_at_idx" ON "pressure_samples"("cluster", "at");

-- CreateIndex
CREATE INDEX "evictions_cluster_evicted_at_idx" ON "evictions"("cluster", "evicted_at");

-- CreateIndex
CREATE INDEX "evictions_cluster_node_evicted_at_idx" ON "evictions"("cluster", "node", "evicted_at");

-- CreateIndex
CREATE INDEX "evictions_cluster_namespace_evicted_at_idx" ON "evictions"("cluster", "namespace", "evicted_at");

-- CreateIndex
CREATE UNIQUE INDEX "evictions_idem" ON "evictions"("cluster", "pod_uid");

-- CreateIndex
CREATE INDEX "kube_events_cluster_involved_kind_involved_name_last_seen_idx" ON "kube_events"("cluster", "involved_kind", "involved_name", "last_seen");

-- CreateIndex
CREATE INDEX "kube_events_cluster_namespace_last_seen_idx" ON "kube_events"("cluster", "namespace", "last_seen");

-- CreateIndex
CREATE INDEX "kube_events_cluster_reason_last_seen_idx" ON "kube_events"("cluster", "reason", "last_seen");

-- CreateIndex
CREATE UNIQUE INDEX "kube_events_idem" ON "kube_events"("cluster", "uid");

-- CreateIndex
CREATE INDEX "quota_samples_cluster_namespace_name_observed_at_idx" ON "quota_samples"("cluster", "namespace", "name", "observed_at");

-- CreateIndex
CREATE UNIQUE INDEX "quota_samples_idem" ON "quota_samples"("cluster", "namespace", "name", "resource_version");

-- CreateIndex
CREATE INDEX "autoscaler_status_samples_cluster_observed_at_idx" ON "autoscaler_status_samples"("cluster", "observed_at");

-- CreateIndex
CREATE UNIQUE INDEX "autoscaler_status_samples_idem" ON "autoscaler_status_samples"("cluster", "content_hash");

-- CreateIndex
CREATE INDEX "tenant_namespaces_cluster_tenant_idx" ON "tenant_namespaces"("cluster", "tenant");

-- CreateIndex
CREATE INDEX "quota_requests_cluster_status_created_at_idx" ON "quota_requests"("cluster", "status", "created_at");

-- CreateIndex
CREATE INDEX "quota_requests_cluster_tenant_created_at_idx" ON "quota_requests"("cluster", "tenant", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "quota_requests_idem" ON "quota_requests"("requested_by", "idempotency_key");

-- CreateIndex
CREATE INDEX "quota_request_audit_events_request_id_at_idx" ON "quota_request_audit_events"("request_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- AddForeignKey
ALTER TABLE "quota_request_audit_events" ADD CONSTRAINT "quota_request_audit_events_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "quota_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
