import { createHmac, randomInt } from 'node:crypto';
import type { CodePurpose } from '../db/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { randomToken, safeEqual, sha256 } from '../crypto/secrets.ts';
import { hit } from '../http/rate-limit.ts';
import { tooManyRequests } from '../http/problem.ts';

export const CODE_TTL_MINUTES = 15;
/** Guesses at one code; every guess counts, the right one too. */
export const MAX_ATTEMPTS = 5;
/**
 * Per account and purpose, whatever the number of codes: a fresh code must not buy fresh guesses
 * (a new code per request used to reset the count). 10 guesses an hour at 10^-6 each.
 */
export const GUESSES_PER_HOUR = 10;
/** Codes mailed per account and purpose per hour: each is an e-mail we send on anyone's request. */
export const ISSUES_PER_HOUR = 5;

// Six digits are guessable offline, so the stored value is keyed by a server secret, not a bare hash.
const digest = (secret: Buffer, accountId: string, code: string) =>
  createHmac('sha256', secret).update(`${accountId}:${code}`).digest('base64url');

export interface IssuedCode {
  /** Six digits, for typing into an app. */
  code: string;
  /** 256 bits, for the e-mailed link: not guessable, so it is not counted. */
  linkToken: string;
}

/**
 * Issues a fresh one-time code and link token (older unused ones of the same purpose stop working), or
 * throws 429 once the account has had ISSUES_PER_HOUR of them.
 */
export async function issueCode(db: Db, secret: Buffer, accountId: string, purpose: CodePurpose): Promise<IssuedCode> {
  const { count, resetIn } = await hit(db, `code-issue:${purpose}:${accountId}`, 3600);
  if (count > ISSUES_PER_HOUR) throw tooManyRequests(resetIn);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const linkToken = randomToken(32);
  await db.$transaction([
    db.oneTimeCode.updateMany({ where: { accountId, purpose, usedAt: null }, data: { usedAt: new Date() } }),
    db.oneTimeCode.create({
      data: {
        accountId,
        purpose,
        codeHash: digest(secret, accountId, code),
        linkHash: sha256(linkToken),
        expiresAt: new Date(Date.now() + CODE_TTL_MINUTES * 60_000),
      },
    }),
  ]);
  return { code, linkToken };
}

/**
 * True once per valid code. The attempt is counted before the comparison, in one statement that locks the
 * code's row and refuses past MAX_ATTEMPTS, so parallel guesses cannot exceed the limit; the account's
 * hourly guess budget (429 when spent) covers guesses spread over many fresh codes.
 */
export async function consumeCode(
  db: Db,
  secret: Buffer,
  accountId: string,
  purpose: CodePurpose,
  code: string,
): Promise<boolean> {
  const budget = await hit(db, `code-guess:${purpose}:${accountId}`, 3600);
  if (budget.count > GUESSES_PER_HOUR) throw tooManyRequests(budget.resetIn);
  const rows = await db.$queryRaw<{ id: string; codeHash: string }[]>`
    update "OneTimeCode" set "attempts" = "attempts" + 1
    where "id" = (
      select "id" from "OneTimeCode"
      where "accountId" = ${accountId}::uuid and "purpose" = ${purpose}::"CodePurpose"
        and "usedAt" is null and "expiresAt" > now()
      order by "createdAt" desc limit 1
      for update
    ) and "attempts" < ${MAX_ATTEMPTS}
    returning "id", "codeHash"`;
  const row = rows[0];
  if (!row || !safeEqual(row.codeHash, digest(secret, accountId, code))) return false;
  // Conditional update: two concurrent correct submissions cannot both win.
  const { count } = await db.oneTimeCode.updateMany({
    where: { id: row.id, usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

/** The account an e-mailed link token belongs to, spending it (single use), or null. */
export async function consumeLink(db: Db, purpose: CodePurpose, linkToken: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ accountId: string }[]>`
    update "OneTimeCode" set "usedAt" = now()
    where "linkHash" = ${sha256(linkToken)} and "purpose" = ${purpose}::"CodePurpose"
      and "usedAt" is null and "expiresAt" > now()
    returning "accountId"`;
  return rows[0]?.accountId ?? null;
}
