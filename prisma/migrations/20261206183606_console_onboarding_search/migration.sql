-- The inbox search indexes below need pg_trgm (shipped with PostgreSQL, and with embedded-postgres).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "Business" ADD COLUMN     "closedDates" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "faqEntries" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "voice" TEXT;

-- CreateIndex
CREATE INDEX "Call_from_trgm_idx" ON "Call" USING GIN ("from" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_name_trgm_idx" ON "Lead" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_phone_trgm_idx" ON "Lead" USING GIN ("phone" gin_trgm_ops);
