import { createHmac, randomInt } from 'node:crypto';
import type { CodePurpose } from '../db/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { safeEqual } from '../crypto/secrets.ts';

const TTL_MINUTES = 15;
const MAX_ATTEMPTS = 5;

// Six digits are guessable offline, so the stored value is keyed by a server secret, not a bare hash.
const digest = (secret: Buffer, accountId: string, code: string) =>
  createHmac('sha256', secret).update(`${accountId}:${code}`).digest('base64url');

/** Issues a fresh one-time code (older unused ones of the same purpose stop working). */
export async function issueCode(db: Db, secret: Buffer, accountId: string, purpose: CodePurpose): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.$transaction([
    db.oneTimeCode.updateMany({ where: { accountId, purpose, usedAt: null }, data: { usedAt: new Date() } }),
    db.oneTimeCode.create({
      data: {
        accountId,
        purpose,
        codeHash: digest(secret, accountId, code),
        expiresAt: new Date(Date.now() + TTL_MINUTES * 60_000),
      },
    }),
  ]);
  return code;
}

/** True once per valid code; every wrong guess counts, and the code dies after MAX_ATTEMPTS. */
export async function consumeCode(
  db: Db,
  secret: Buffer,
  accountId: string,
  purpose: CodePurpose,
  code: string,
): Promise<boolean> {
  const row = await db.oneTimeCode.findFirst({
    where: { accountId, purpose, usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: 'desc' },
  });
  if (!row || row.attempts >= MAX_ATTEMPTS) return false;
  if (!safeEqual(row.codeHash, digest(secret, accountId, code))) {
    await db.oneTimeCode.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
    return false;
  }
  // Conditional update: two concurrent correct submissions cannot both win.
  const { count } = await db.oneTimeCode.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}
