-- CreateEnum
CREATE TYPE "LeadRetention" AS ENUM ('keep_fields', 'delete');

-- AlterTable
ALTER TABLE "Business" ADD COLUMN     "closingAt" TIMESTAMP(3),
ADD COLUMN     "leadRetention" "LeadRetention" NOT NULL DEFAULT 'keep_fields',
ADD COLUMN     "legalHold" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "purgeAfter" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "legalHold" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "systems" JSONB NOT NULL DEFAULT '{}',
    "subjectEnc" TEXT,
    "phoneHash" TEXT,
    "emailHash" TEXT,
    "requestedBy" UUID,
    "scope" JSONB NOT NULL DEFAULT '{}',
    "exportJson" JSONB,
    "exportExpiresAt" TIMESTAMP(3),
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ErasureTombstone" (
    "id" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "subjectHash" TEXT NOT NULL,
    "requestId" UUID NOT NULL,
    "requestedBy" UUID,
    "smsOptOut" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErasureTombstone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SmsConsentRecord" (
    "id" UUID NOT NULL,
    "businessId" UUID,
    "phone" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "wording" TEXT,
    "callId" UUID,
    "callbackRequestId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SmsConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrivacyRequest_businessId_createdAt_idx" ON "PrivacyRequest"("businessId", "createdAt");

-- CreateIndex
CREATE INDEX "ErasureTombstone_subjectHash_idx" ON "ErasureTombstone"("subjectHash");

-- CreateIndex
CREATE INDEX "ErasureTombstone_businessId_subjectHash_idx" ON "ErasureTombstone"("businessId", "subjectHash");

-- CreateIndex
CREATE INDEX "SmsConsentRecord_phone_createdAt_idx" ON "SmsConsentRecord"("phone", "createdAt");

-- CreateIndex
CREATE INDEX "SmsConsentRecord_businessId_createdAt_idx" ON "SmsConsentRecord"("businessId", "createdAt");

-- AddForeignKey
ALTER TABLE "PrivacyRequest" ADD CONSTRAINT "PrivacyRequest_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;
