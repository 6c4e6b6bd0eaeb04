-- CreateTable
CREATE TABLE "eviction_rollups" (
    "cluster" TEXT NOT NULL,
    "dimension" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "key" TEXT NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "eviction_rollups_pkey" PRIMARY KEY ("cluster","dimension","hour","key")
);

-- Kept by statement-level triggers with transition tables: only rows an INSERT actually added are counted (rows the
-- evictions_idem key turned away by ON CONFLICT DO NOTHING are not in new_rows), deletes (retention) subtract, and
-- an UPDATE moves its rows' counts. Hours are UTC (epoch / 3600), whatever the session's TimeZone.
-- The body is an E'' string with \x3b for each semicolon: @prisma/adapter-pg applies a migration statement by
-- statement, splitting it at every semicolon, which would cut a dollar-quoted body apart.
CREATE FUNCTION "eviction_rollups_maintain"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  part record\x3b
BEGIN
  FOR part IN
    SELECT v.tbl, v.sign FROM (VALUES (''old_rows'', -1), (''new_rows'', 1)) AS v(tbl, sign)
    WHERE (v.tbl = ''old_rows'' AND TG_OP IN (''DELETE'', ''UPDATE''))
       OR (v.tbl = ''new_rows'' AND TG_OP IN (''INSERT'', ''UPDATE''))
  LOOP
    EXECUTE format($q$
      INSERT INTO eviction_rollups (cluster, dimension, hour, key, n)
      SELECT r.cluster, d.dimension, r.hour, d.key, $1 * count(*)::int
        FROM (SELECT t.cluster, to_timestamp(floor(extract(epoch FROM t.evicted_at) / 3600) * 3600) AS hour,
                     t.node, t.namespace, t.tenant, t.resource, t.qos_class
                FROM %I t) AS r
        CROSS JOIN LATERAL (VALUES (''all'', ''''), (''node'', coalesce(r.node, ''(none)'')), (''namespace'', r.namespace),
                                   (''tenant'', coalesce(r.tenant, ''(none)'')), (''resource'', coalesce(r.resource, ''(none)'')),
                                   (''qos'', coalesce(r.qos_class, ''(none)''))) AS d(dimension, key)
       GROUP BY 1, 2, 3, 4
      ON CONFLICT (cluster, dimension, hour, key) DO UPDATE SET n = eviction_rollups.n + excluded.n
    $q$, part.tbl) USING part.sign\x3b
  END LOOP\x3b
  IF TG_OP <> ''INSERT'' THEN
    DELETE FROM eviction_rollups r
     USING (SELECT DISTINCT t.cluster, to_timestamp(floor(extract(epoch FROM t.evicted_at) / 3600) * 3600) AS hour
              FROM old_rows t) AS h
     CROSS JOIN (VALUES (''all''), (''node''), (''namespace''), (''tenant''), (''resource''), (''qos'')) AS d(dimension)
     WHERE r.cluster = h.cluster AND r.dimension = d.dimension AND r.hour = h.hour AND r.n <= 0\x3b
  END IF\x3b
  RETURN NULL\x3b
END
';

CREATE TRIGGER "evictions_rollup_insert" AFTER INSERT ON "evictions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "eviction_rollups_maintain"();
CREATE TRIGGER "evictions_rollup_delete" AFTER DELETE ON "evictions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "eviction_rollups_maintain"();
CREATE TRIGGER "evictions_rollup_update" AFTER UPDATE ON "evictions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "eviction_rollups_maintain"();

-- The evictions already stored.
INSERT INTO "eviction_rollups" (cluster, dimension, hour, key, n)
SELECT r.cluster, d.dimension, r.hour, d.key, count(*)::int
  FROM (SELECT e.cluster, to_timestamp(floor(extract(epoch FROM e.evicted_at) / 3600) * 3600) AS hour,
               e.node, e.namespace, e.tenant, e.resource, e.qos_class
          FROM "evictions" e) AS r
  CROSS JOIN LATERAL (VALUES ('all', ''), ('node', coalesce(r.node, '(none)')), ('namespace', r.namespace),
                             ('tenant', coalesce(r.tenant, '(none)')), ('resource', coalesce(r.resource, '(none)')),
                             ('qos', coalesce(r.qos_class, '(none)'))) AS d(dimension, key)
 GROUP BY 1, 2, 3, 4;
