-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "requestedStart" TIMESTAMP(3);
