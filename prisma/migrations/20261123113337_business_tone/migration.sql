-- AlterTable
ALTER TABLE "Business" ADD COLUMN     "tone" TEXT;
