import type { Db, Tx } from '../db/client.ts';
import type { MinuteKind } from '../db/generated/enums.ts';

export interface LedgerEntry {
  businessId: string;
  kind: MinuteKind;
  /** positive credits, negative debits */
  seconds: number;
  /** Names the fact; a second entry with the same key is ignored (replayed webhooks, retried calls). */
  key: string;
  callId?: string | null;
  accountId?: string | null;
  note?: string | null;
  stripeRef?: string | null;
}

type Writer = Pick<Db | Tx, '$executeRaw'>;

/**
 * Adds one fact to the minutes ledger, once: returns false when its key was already recorded. The
 * business's cached balance moves in the same statement, so the two never disagree; nothing else writes it.
 */
export async function record(db: Writer, e: LedgerEntry): Promise<boolean> {
  if (!Number.isInteger(e.seconds) || e.seconds === 0) return false;
  const n = await db.$executeRaw`
    with e as (
      insert into "MinuteEntry" ("id", "businessId", "kind", "seconds", "idempotencyKey", "callId", "accountId", "note", "stripeRef")
      values (gen_random_uuid(), ${e.businessId}::uuid, ${e.kind}::"MinuteKind", ${e.seconds}, ${e.key}, ${e.callId ?? null}::uuid, ${e.accountId ?? null}::uuid, ${e.note ?? null}, ${e.stripeRef ?? null})
      on conflict ("idempotencyKey") do nothing
      returning "businessId", "seconds"
    )
    update "Business" b set "secondsBalance" = b."secondsBalance" + e."seconds" from e where b."id" = e."businessId"`;
  return n === 1;
}

/** The balance as the ledger's sum (the audit view; Business.secondsBalance is its cached copy). */
export async function ledgerBalance(db: Pick<Db | Tx, 'minuteEntry'>, businessId: string): Promise<number> {
  const r = await db.minuteEntry.aggregate({ where: { businessId }, _sum: { seconds: true } });
  return r._sum.seconds ?? 0;
}

/** The debit for one finished call: keyed by the call, so a retried status callback never charges twice. */
export function chargeCall(
  db: Writer,
  call: { id: string; businessId: string },
  billableSeconds: number,
): Promise<boolean> {
  return record(db, {
    businessId: call.businessId,
    kind: 'usage',
    seconds: -billableSeconds,
    key: `call:${call.id}`,
    callId: call.id,
  });
}
