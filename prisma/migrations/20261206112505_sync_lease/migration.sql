-- CreateTable
CREATE TABLE "SyncLease" (
    "connectionId" UUID NOT NULL,
    "holder" TEXT NOT NULL,
    "epoch" BIGINT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncLease_pkey" PRIMARY KEY ("connectionId")
);

-- AddForeignKey
ALTER TABLE "SyncLease" ADD CONSTRAINT "SyncLease_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
