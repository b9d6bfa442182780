-- CreateEnum
CREATE TYPE "ConsentBasis" AS ENUM ('express_written', 'express', 'existing_relationship', 'inquiry');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('draft', 'running', 'paused', 'cancelled', 'completed');

-- CreateEnum
CREATE TYPE "CampaignGoal" AS ENUM ('qualify', 'book', 'remind');

-- CreateEnum
CREATE TYPE "MachineAction" AS ENUM ('leave_message', 'hang_up');

-- CreateEnum
CREATE TYPE "TargetState" AS ENUM ('pending', 'dialling', 'done');

-- CreateEnum
CREATE TYPE "CampaignOutcome" AS ENUM ('connected', 'interested', 'booked', 'not_interested', 'voicemail', 'no_answer', 'busy', 'failed', 'opted_out', 'invalid_number', 'blocked');

-- CreateEnum
CREATE TYPE "DialStatus" AS ENUM ('recorded', 'placed', 'failed', 'skipped');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "campaignDialId" UUID;

-- CreateTable
CREATE TABLE "LeadList" (
    "id" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "defaultCountry" TEXT NOT NULL,
    "consentBasis" "ConsentBasis" NOT NULL,
    "columnMap" JSONB NOT NULL DEFAULT '{}',
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "acceptedCount" INTEGER NOT NULL DEFAULT 0,
    "duplicateCount" INTEGER NOT NULL DEFAULT 0,
    "rejectedCount" INTEGER NOT NULL DEFAULT 0,
    "rejected" JSONB NOT NULL DEFAULT '[]',
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeadList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListContact" (
    "id" UUID NOT NULL,
    "listId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "company" TEXT,
    "notes" TEXT,
    "fields" JSONB NOT NULL DEFAULT '{}',
    "consentBasis" "ConsentBasis" NOT NULL,
    "timeZone" TEXT,
    "row" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ListContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DoNotCall" (
    "id" UUID NOT NULL,
    "businessId" UUID,
    "phone" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DoNotCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "listId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "goal" "CampaignGoal" NOT NULL,
    "script" TEXT NOT NULL,
    "greeting" TEXT NOT NULL,
    "disclosure" TEXT NOT NULL,
    "voice" TEXT NOT NULL DEFAULT 'alloy',
    "callerId" TEXT NOT NULL,
    "windowStartMinute" INTEGER NOT NULL DEFAULT 540,
    "windowEndMinute" INTEGER NOT NULL DEFAULT 1200,
    "days" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[],
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "retrySpacingMinutes" INTEGER NOT NULL DEFAULT 240,
    "maxConcurrent" INTEGER NOT NULL DEFAULT 5,
    "callsPerMinute" INTEGER NOT NULL DEFAULT 10,
    "machineAction" "MachineAction" NOT NULL DEFAULT 'hang_up',
    "voicemailMessage" TEXT,
    "status" "CampaignStatus" NOT NULL DEFAULT 'draft',
    "createdById" UUID,
    "startedAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignTarget" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "state" "TargetState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" "CampaignOutcome",
    "lastCallId" UUID,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignDial" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "targetId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" "DialStatus" NOT NULL DEFAULT 'recorded',
    "twilioCallSid" TEXT,
    "callId" UUID,
    "answeredBy" TEXT,
    "outcome" "CampaignOutcome",
    "seconds" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignDial_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LeadList_businessId_createdAt_idx" ON "LeadList"("businessId", "createdAt");

-- CreateIndex
CREATE INDEX "ListContact_businessId_phone_idx" ON "ListContact"("businessId", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "ListContact_listId_phone_key" ON "ListContact"("listId", "phone");

-- CreateIndex
CREATE INDEX "DoNotCall_phone_idx" ON "DoNotCall"("phone");

-- CreateIndex
CREATE INDEX "DoNotCall_businessId_createdAt_idx" ON "DoNotCall"("businessId", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_businessId_createdAt_idx" ON "Campaign"("businessId", "createdAt");

-- CreateIndex
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");

-- CreateIndex
CREATE INDEX "CampaignTarget_campaignId_state_nextAttemptAt_idx" ON "CampaignTarget"("campaignId", "state", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignTarget_campaignId_contactId_key" ON "CampaignTarget"("campaignId", "contactId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignDial_twilioCallSid_key" ON "CampaignDial"("twilioCallSid");

-- CreateIndex
CREATE INDEX "CampaignDial_campaignId_status_idx" ON "CampaignDial"("campaignId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignDial_targetId_attempt_key" ON "CampaignDial"("targetId", "attempt");

-- AddForeignKey
ALTER TABLE "LeadList" ADD CONSTRAINT "LeadList_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ListContact" ADD CONSTRAINT "ListContact_listId_fkey" FOREIGN KEY ("listId") REFERENCES "LeadList"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoNotCall" ADD CONSTRAINT "DoNotCall_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_businessId_fkey" FOREIGN KEY ("businessId") REFERENCES "Business"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_listId_fkey" FOREIGN KEY ("listId") REFERENCES "LeadList"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTarget" ADD CONSTRAINT "CampaignTarget_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignTarget" ADD CONSTRAINT "CampaignTarget_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "ListContact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignDial" ADD CONSTRAINT "CampaignDial_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignDial" ADD CONSTRAINT "CampaignDial_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "CampaignTarget"("id") ON DELETE CASCADE ON UPDATE CASCADE;
