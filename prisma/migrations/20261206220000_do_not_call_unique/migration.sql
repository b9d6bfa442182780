-- One row per number and list. Written by hand: the Prisma schema cannot state partial indexes, and the
-- schema-vs-migrations test leaves these two out of its comparison. addToDoNotCall inserts with
-- ON CONFLICT DO NOTHING against them, so parallel opt-outs of one number make one row.

-- Duplicates left by the earlier read-then-create: the first row of each (its source and time) stays.
DELETE FROM "DoNotCall" d USING "DoNotCall" e
WHERE d."phone" IS NOT NULL AND e."phone" = d."phone"
  AND e."businessId" IS NOT DISTINCT FROM d."businessId"
  AND (e."createdAt", e."id") < (d."createdAt", d."id");

-- A business list: one row per number.
CREATE UNIQUE INDEX "DoNotCall_business_phone_key" ON "DoNotCall" ("businessId", "phone") WHERE "businessId" IS NOT NULL;

-- The platform list (businessId null, which a plain unique index would treat as all distinct).
CREATE UNIQUE INDEX "DoNotCall_platform_phone_key" ON "DoNotCall" ("phone") WHERE "businessId" IS NULL;
