-- AlterTable
ALTER TABLE "Business" ADD COLUMN     "transcriptionEnabled" BOOLEAN NOT NULL DEFAULT true,
ALTER COLUMN "transcriptOnDecline" SET DEFAULT false;

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "mediaStreamSid" TEXT;

-- AlterTable
ALTER TABLE "ConsentRecord" ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "Call_mediaStreamSid_key" ON "Call"("mediaStreamSid");
