-- DropTable: nothing ever read or wrote it. A restarted collector relists, and a new writer diffs against history.
DROP TABLE "collector_checkpoints";
