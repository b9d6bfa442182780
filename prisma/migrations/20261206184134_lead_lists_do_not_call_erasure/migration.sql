-- AlterTable
ALTER TABLE "LeadList" ADD COLUMN     "headers" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "DoNotCall" ADD COLUMN     "phoneHash" TEXT,
ALTER COLUMN "phone" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "ListContact_listId_row_key" ON "ListContact"("listId", "row");

-- CreateIndex
CREATE INDEX "DoNotCall_phoneHash_idx" ON "DoNotCall"("phoneHash");
