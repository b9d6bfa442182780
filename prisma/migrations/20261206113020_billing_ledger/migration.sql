-- CreateEnum
CREATE TYPE "MinuteKind" AS ENUM ('opening', 'trial', 'grant', 'expiry', 'top_up', 'refund', 'usage', 'adjustment');

-- CreateEnum
CREATE TYPE "BillingStatus" AS ENUM ('trialing', 'active', 'past_due', 'restricted', 'canceled');

-- AlterTable
ALTER TABLE "Business" ADD COLUMN     "heldSeconds" INTEGER NOT NULL DEFAULT 0,
ALTER COLUMN "secondsBalance" SET DEFAULT 0;

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "reservedSeconds" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "MinuteEntry" (
    "id" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "kind" "MinuteKind" NOT NULL,
    "seconds" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "callId" UUID,
    "accountId" UUID,
    "note" TEXT,
    "stripeRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MinuteEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingAccount" (
    "businessId" UUID NOT NULL,
    "status" "BillingStatus" NOT NULL DEFAULT 'trialing',
    "stripeCustomerId" TEXT,
    "stripeSubscriptionId" TEXT,
    "periodStart" TIMESTAMP(3),
    "periodEnd" TIMESTAMP(3),
    "allowanceSeconds" INTEGER NOT NULL DEFAULT 0,
    "pastDueSince" TIMESTAMP(3),
    "alertedPercent" INTEGER NOT NULL DEFAULT 0,
    "alertPeriodStart" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingAccount_pkey" PRIMARY KEY ("businessId")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MinuteEntry_idempotencyKey_key" ON "MinuteEntry"("idempotencyKey");

-- CreateIndex
CREATE INDEX "MinuteEntry_businessId_createdAt_idx" ON "MinuteEntry"("businessId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BillingAccount_stripeCustomerId_key" ON "BillingAccount"("stripeCustomerId");

-- CreateIndex
CREATE UNIQUE INDEX "BillingAccount_stripeSubscriptionId_key" ON "BillingAccount"("stripeSubscriptionId");

-- AddForeignKey
ALTER TABLE "MinuteEntry" ADD CONSTRAINT "MinuteEntry_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAccount" ADD CONSTRAINT "BillingAccount_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data migration (hand-written): UsageEntry becomes the minutes ledger. Each call debit keeps its key
-- (`call:<callId>`), and an opening entry per business makes the ledger's sum equal the balance as it
-- stands, so nothing changes for anyone: the trial minutes already granted stay granted.
INSERT INTO "MinuteEntry" ("id", "businessId", "kind", "seconds", "idempotencyKey", "callId", "note", "createdAt")
SELECT "id", "businessId", CASE WHEN "seconds" < 0 THEN 'usage' ELSE 'adjustment' END::"MinuteKind", "seconds",
       COALESCE('call:' || "callId"::text, 'legacy:' || "id"::text), "callId", "reason", "createdAt"
FROM "UsageEntry";

INSERT INTO "MinuteEntry" ("id", "businessId", "kind", "seconds", "idempotencyKey", "note")
SELECT gen_random_uuid(), b."id", 'opening', b."secondsBalance" - COALESCE((SELECT SUM(u."seconds") FROM "UsageEntry" u WHERE u."businessId" = b."id"), 0),
       'opening:' || b."id"::text, 'balance before the ledger'
FROM "Business" b;

DROP TABLE "UsageEntry";
