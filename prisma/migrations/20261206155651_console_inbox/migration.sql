-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "assigneeId" UUID,
ADD COLUMN     "handledAt" TIMESTAMP(3),
ADD COLUMN     "handledById" UUID;

-- CreateTable
CREATE TABLE "CallNote" (
    "id" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallNote_callId_createdAt_idx" ON "CallNote"("callId", "createdAt");

-- CreateIndex
CREATE INDEX "Call_businessId_startedAt_id_idx" ON "Call"("businessId", "startedAt" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "CallNote" ADD CONSTRAINT "CallNote_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand (Prisma's schema has no triggers): the console inbox streams hear of new and changed
-- calls and leads of a business through NOTIFY on "console_inbox" (payload: the business id). Only the
-- columns the inbox shows fire it, and NOTIFY folds equal payloads within a transaction, so a call's
-- lifecycle costs a handful of notifications, delivered at commit.
-- The body is an E'' string with each semicolon written \073: the offline migration runner (the pg driver
-- adapter's executeScript) splits scripts at every semicolon, dollar quotes included.
CREATE FUNCTION "console_inbox_notify"() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN PERFORM pg_notify(''console_inbox'', NEW."businessId"::text)\073 RETURN NULL\073 END';

CREATE TRIGGER "Call_console_inbox_insert" AFTER INSERT ON "Call"
  FOR EACH ROW EXECUTE FUNCTION "console_inbox_notify"();
CREATE TRIGGER "Call_console_inbox_update" AFTER UPDATE OF "status", "leadId", "handledAt", "assigneeId" ON "Call"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."leadId" IS DISTINCT FROM NEW."leadId"
    OR OLD."handledAt" IS DISTINCT FROM NEW."handledAt" OR OLD."assigneeId" IS DISTINCT FROM NEW."assigneeId")
  EXECUTE FUNCTION "console_inbox_notify"();
CREATE TRIGGER "Lead_console_inbox" AFTER INSERT OR UPDATE ON "Lead"
  FOR EACH ROW EXECUTE FUNCTION "console_inbox_notify"();
CREATE TRIGGER "CallNote_console_inbox" AFTER INSERT ON "CallNote"
  FOR EACH ROW EXECUTE FUNCTION "console_inbox_notify"();

