-- Which decisions of quota requests each user has seen (issue 19: a tenant admin's home marks the unseen ones).
CREATE TABLE "quota_request_views" (
    "username" TEXT NOT NULL,
    "request_id" BIGINT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "quota_request_views_pkey" PRIMARY KEY ("username","request_id")
);

CREATE INDEX "quota_request_views_request_id_idx" ON "quota_request_views"("request_id");

ALTER TABLE "quota_request_views" ADD CONSTRAINT "quota_request_views_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "quota_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
