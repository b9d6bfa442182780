-- DropIndex
DROP INDEX "Call_callbackRequestId_key";

-- CreateIndex
CREATE INDEX "Business_widgetOrigins_idx" ON "Business" USING GIN ("widgetOrigins");

-- CreateIndex
CREATE INDEX "Call_callbackRequestId_idx" ON "Call"("callbackRequestId");
