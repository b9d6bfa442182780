import type { Tx } from '../db/client.ts';

/** One minute: what an AI call holds when answered, and each time it extends its hold while it talks. */
export const HOLD_SECONDS = 60;

/** The SID a dialled call's row has until Twilio's answer to the dial names the real one. */
export const PENDING_DIAL_PREFIX = 'pending:';

/**
 * Gives back what a finished call held (its final status, in the transaction that charges it). The call's
 * row is locked by the caller, and zeroing it makes a repeated final status release nothing.
 */
export async function releaseHold(
  tx: Pick<Tx, '$executeRaw'>,
  call: { id: string; businessId: string; reservedSeconds: number },
): Promise<void> {
  if (call.reservedSeconds <= 0) return;
  await tx.$executeRaw`update "Call" set "reservedSeconds" = 0 where "id" = ${call.id}::uuid`;
  await tx.$executeRaw`update "Business" set "heldSeconds" = greatest(0, "heldSeconds" - ${call.reservedSeconds}) where "id" = ${call.businessId}::uuid`;
}

/**
 * A call in progress asks for one more minute. Granted only while the balance, less every other call's
 * hold, still covers it; refused means this call is on its last reserved minute and should wind down.
 */
export async function extendHold(tx: Pick<Tx, '$queryRaw'>, callId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    with b as (
      update "Business" b set "heldSeconds" = b."heldSeconds" + ${HOLD_SECONDS}
      from "Call" c
      where c."id" = ${callId}::uuid and c."status" = 'in_progress' and c."reservedSeconds" > 0 and b."id" = c."businessId"
        and b."secondsBalance" - b."heldSeconds" > 0
      returning c."id"
    )
    update "Call" c set "reservedSeconds" = c."reservedSeconds" + ${HOLD_SECONDS} from b where c."id" = b."id" returning c."id"`;
  return rows.length === 1;
}
