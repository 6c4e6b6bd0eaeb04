-- CreateTable
CREATE TABLE "embed_links" (
    "id" TEXT NOT NULL,
    "cluster" TEXT NOT NULL,
    "panel" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "tenant" TEXT,
    "label" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,
    "use_count" INTEGER NOT NULL DEFAULT 0,
    "last_used_at" TIMESTAMPTZ(3),
    "key_id" TEXT NOT NULL,

    CONSTRAINT "embed_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_settings" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "embed_links_created_by_created_at_idx" ON "embed_links"("created_by", "created_at");

-- CreateIndex
CREATE INDEX "embed_links_tenant_created_at_idx" ON "embed_links"("tenant", "created_at");
