-- AlterTable
ALTER TABLE "CallbackRequest" ADD COLUMN     "streamTicketAt" BIGINT;
