-- CreateTable
CREATE TABLE "ConnectionFieldList" (
    "connectionId" UUID NOT NULL,
    "externalAccountId" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectionFieldList_pkey" PRIMARY KEY ("connectionId")
);

-- AddForeignKey
ALTER TABLE "ConnectionFieldList" ADD CONSTRAINT "ConnectionFieldList_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma's schema has no triggers): the connections page hears of sync progress through
-- NOTIFY on "sync_progress" (payload: the business id) whenever a statement adds or changes lead sync
-- records. Statement-level, over the statement's rows: a batch of a thousand settled leads is one
-- notification, not a thousand, and NOTIFY folds equal payloads within a transaction.
-- Semicolons in the body are written \073: the offline migration runner splits scripts at every semicolon.
CREATE FUNCTION "sync_progress_notify"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN PERFORM pg_notify(''sync_progress'', b) FROM (SELECT DISTINCT "businessId"::text AS b FROM changed WHERE kind = ''lead'') s\073 RETURN NULL\073 END';

CREATE TRIGGER "SyncRecord_sync_progress_insert" AFTER INSERT ON "SyncRecord"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "sync_progress_notify"();
CREATE TRIGGER "SyncRecord_sync_progress_update" AFTER UPDATE ON "SyncRecord"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "sync_progress_notify"();
