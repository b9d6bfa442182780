-- AlterTable
ALTER TABLE "Business" ADD COLUMN     "closedDates" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "faqEntries" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "voice" TEXT;

-- The inbox search (server/console/inbox-query.ts), by hand: expression indexes Prisma's schema cannot
-- state. Names match by word prefix (a GIN index on their words), numbers by their last digits (a btree
-- on the reversed digits, so "ends with" is a range scan). Each query repeats the exact expression.
CREATE INDEX "Lead_name_words_idx" ON "Lead" USING GIN (to_tsvector('simple', coalesce("name", '')));
CREATE INDEX "Lead_phone_reversed_idx" ON "Lead" ("businessId", reverse(regexp_replace("phone", '[^0-9]', '', 'g')) text_pattern_ops);
CREATE INDEX "Call_from_reversed_idx" ON "Call" ("businessId", reverse(regexp_replace("from", '[^0-9]', '', 'g')) text_pattern_ops);
