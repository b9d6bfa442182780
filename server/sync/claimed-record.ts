import { Prisma } from '../db/client.ts';

/**
 * A claimed status row, shared by claiming (claim.ts), building (build-batch.ts) and settling (push.ts):
 * it sits below all three so none of them imports another for it.
 */
export interface ClaimedRecord {
  id: string;
  localId: string;
  attempts: number;
  /**
   * The row's updatedAt when it was claimed (UTC, as text). Outcomes are written only where the row still
   * has it: a lead enqueued again meanwhile (a new call) keeps its newer pending state.
   */
  claimedVersion: string;
}

/** claimedVersion as SQL: a status row's updatedAt in the text form above (claim.ts, build-batch.ts). */
export const CLAIMED_VERSION = Prisma.sql`to_char("updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS')`;
