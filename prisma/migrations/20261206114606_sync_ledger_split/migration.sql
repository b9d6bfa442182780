-- CreateTable
CREATE TABLE "SyncLedgerEntry" (
    "connectionId" UUID NOT NULL,
    "businessId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "localId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncLedgerEntry_pkey" PRIMARY KEY ("connectionId","kind","localId")
);

-- AddForeignKey
ALTER TABLE "SyncLedgerEntry" ADD CONSTRAINT "SyncLedgerEntry_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Move the ledger rows (kinds with a colon) out of SyncRecord, which keeps only status rows from now on.
INSERT INTO "SyncLedgerEntry" ("connectionId", "businessId", "kind", "localId", "externalId", "createdAt", "updatedAt")
SELECT "connectionId", "businessId", "kind", "localId", "externalId", "createdAt", "updatedAt"
FROM "SyncRecord" WHERE "kind" LIKE '%:%' AND "externalId" IS NOT NULL;
DELETE FROM "SyncRecord" WHERE "kind" LIKE '%:%';
