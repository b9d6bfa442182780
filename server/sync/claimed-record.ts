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

/** claimedVersion of a row read through Prisma (a Date in UTC), in the same text form claimDue returns. */
export const claimedVersionOf = (updatedAt: Date) => updatedAt.toISOString().replace('Z', '');
