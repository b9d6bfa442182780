import type { Db, Tx } from '../db/client.ts';
import { subjectHash } from '../crypto/subject-hash.ts';

/** Where a number on a do-not-call list came from. */
export type DoNotCallSource = 'manual' | 'import' | 'call_opt_out' | 'sms_stop' | 'platform';

export type DialBlock = 'business_do_not_call' | 'platform_do_not_call' | 'sms_stop';

/**
 * Puts a number on a business's list, or the platform's when `businessId` is null. Idempotent: a number
 * already listed keeps its first row (its source and time are the record of when it was asked). One
 * statement: the partial unique indexes (migration do_not_call_unique) make two parallel opt-outs of one
 * number one row, where a read-then-create let both through.
 */
export async function addToDoNotCall(
  tx: Tx | Db,
  entry: { businessId: string | null; phone: string; source: DoNotCallSource; note?: string; createdById?: string },
): Promise<void> {
  await tx.$executeRaw`insert into "DoNotCall" ("id", "businessId", "phone", "source", "note", "createdById")
    values (gen_random_uuid(), ${entry.businessId}::uuid, ${entry.phone}, ${entry.source}, ${entry.note ?? null},
            ${entry.createdById ?? null}::uuid)
    on conflict do nothing`;
}

/**
 * Many numbers at once (one statement): those already on that list are left as they were. Returns how many
 * were added.
 */
export async function addManyToDoNotCall(
  tx: Tx | Db,
  entry: { businessId: string | null; phones: string[]; source: DoNotCallSource; note?: string; createdById?: string },
): Promise<number> {
  const phones = [...new Set(entry.phones)];
  if (!phones.length) return 0;
  return tx.$executeRaw`insert into "DoNotCall" ("id", "businessId", "phone", "source", "note", "createdById")
    select gen_random_uuid(), ${entry.businessId}::uuid, p, ${entry.source}, ${entry.note ?? null}, ${entry.createdById ?? null}::uuid
    from unnest(${phones}::text[]) as p
    where not exists (select 1 from "DoNotCall" d
      where d."phone" = p and d."businessId" is not distinct from ${entry.businessId}::uuid)
    on conflict do nothing`;
}

/**
 * Why a campaign must not dial this number now, or null. Checked at dial time (lists change while a
 * campaign runs): the business's list, the platform's, and numbers that texted STOP — also when the person
 * was erased since, which leaves only keyed hashes (hence `secret`, the key of crypto/subject-hash.ts:
 * `ctx.config.jwtSecret`). Required on purpose: a check without it would miss every erased person.
 */
export async function dialBlockedReason(
  db: Tx | Db,
  businessId: string,
  phone: string,
  secret: Buffer,
): Promise<DialBlock | null> {
  return (await dialBlocks(db, businessId, [phone], secret)).get(phone) ?? null;
}

/**
 * dialBlockedReason for many numbers in three queries (list imports, the dialler's batches). Only numbers
 * that are blocked are in the map; the business's own list wins over the platform's, both over SMS STOP.
 */
export async function dialBlocks(
  db: Tx | Db,
  businessId: string,
  phones: string[],
  secret: Buffer,
): Promise<Map<string, DialBlock>> {
  const out = new Map<string, DialBlock>();
  if (!phones.length) return out;
  const byHash = new Map(phones.map((p) => [subjectHash(secret, 'phone', p), p]));
  const hashes = [...byHash.keys()];
  const [listed, smsStop, stones] = await Promise.all([
    db.doNotCall.findMany({
      where: {
        OR: [{ phone: { in: phones } }, { phoneHash: { in: hashes } }],
        AND: [{ OR: [{ businessId }, { businessId: null }] }],
      },
      select: { businessId: true, phone: true, phoneHash: true },
    }),
    db.smsOptOut.findMany({ where: { phone: { in: phones } }, select: { phone: true } }),
    // An erased person's STOP lives on as a tombstone flag (privacy/erase.ts), as sms-consent.ts reads it.
    db.erasureTombstone.findMany({
      where: { subjectHash: { in: hashes }, smsOptOut: true },
      select: { subjectHash: true },
    }),
  ]);
  for (const s of smsStop) out.set(s.phone, 'sms_stop');
  for (const s of stones) out.set(byHash.get(s.subjectHash)!, 'sms_stop');
  for (const l of listed.filter((x) => x.businessId === null))
    out.set(l.phone ?? byHash.get(l.phoneHash!)!, 'platform_do_not_call');
  for (const l of listed.filter((x) => x.businessId !== null))
    out.set(l.phone ?? byHash.get(l.phoneHash!)!, 'business_do_not_call');
  return out;
}

/**
 * Erasure of a person from a business (privacy/erase.ts): their rows on the business's list keep their
 * place but lose the number (and the free-text note, which may name them); a keyed hash stands in, so
 * dialBlocks still refuses them. The platform's list is the operator's, not the business's to erase.
 */
export async function hashDoNotCallRows(tx: Tx, businessId: string, phones: string[], secret: Buffer): Promise<number> {
  let n = 0;
  for (const phone of phones) {
    const r = await tx.doNotCall.updateMany({
      where: { businessId, phone },
      data: { phone: null, note: null, phoneHash: subjectHash(secret, 'phone', phone) },
    });
    n += r.count;
  }
  return n;
}
