/**
 * TOTP two-factor (RFC 6238, what authenticator apps speak) and its recovery codes. The shared secret is
 * sealed at rest like OAuth tokens; recovery codes are argon2 hashes, each usable once. Every check spends
 * from a per-account budget (429 when spent), and a TOTP step that already let someone in is not accepted
 * again, so a code read over a shoulder cannot be replayed within its 30 s.
 */
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Config } from '../config.ts';
import { decryptSecret, encryptSecret, secretSlot } from '../crypto/secrets.ts';
import type { Db } from '../db/client.ts';
import type { Account } from '../db/generated/client.ts';
import { hit } from '../http/rate-limit.ts';
import { tooManyRequests } from '../http/problem.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

const PERIOD = 30;
/** Second-factor attempts per account per 15 minutes (TOTP or recovery code): 10 × 3/10^6 at most. */
export const SECOND_FACTOR_ATTEMPTS = 10;
export const RECOVERY_CODES = 10;

const slot = (accountId: string) => secretSlot('Account', accountId, 'totpSecret');
const totpOf = (secret: string, email: string) =>
  new TOTP({ issuer: 'Leadline', label: email, algorithm: 'SHA1', digits: 6, period: PERIOD, secret });

/** A new secret for the account (not yet enabled): the sealed value to store and what the app needs. */
export function newTotp(config: Config, account: Pick<Account, 'id' | 'email'>) {
  const secret = new Secret({ size: 20 }).base32;
  return {
    sealed: encryptSecret(config, secret, slot(account.id)),
    secret,
    otpauthUrl: totpOf(secret, account.email).toString(),
  };
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const recoveryCode = () => {
  const b = randomBytes(12);
  const s = Array.from(b, (x) => ALPHABET[x % ALPHABET.length]).join('');
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
};
const normalize = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');

/** Fresh recovery codes (the old ones stop working); shown once, stored hashed. */
export async function replaceRecoveryCodes(db: Db, accountId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { accountId } }),
    db.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ accountId, codeHash })) }),
  ]);
  return codes;
}

async function spendBudget(db: Db, accountId: string) {
  const { count, resetIn } = await hit(db, `2fa:${accountId}`, 900);
  if (count > SECOND_FACTOR_ATTEMPTS) throw tooManyRequests(resetIn);
}

/** A TOTP code against the account's secret (enabled or being enrolled), with the attempt budget and replay guard. */
export async function checkTotp(
  db: Db,
  config: Config,
  account: Pick<Account, 'id' | 'email' | 'totpSecretEnc'>,
  code: string,
): Promise<boolean> {
  await spendBudget(db, account.id);
  if (!account.totpSecretEnc || !/^\d{6}$/.test(code.trim())) return false;
  const secret = decryptSecret(config, account.totpSecretEnc, slot(account.id));
  const now = Date.now();
  const delta = totpOf(secret, account.email).validate({ token: code.trim(), timestamp: now, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  // First use of this step wins; the window outlives the step's validity.
  return (await hit(db, `2fa-step:${account.id}:${step}`, PERIOD * 4)).count === 1;
}

/** The second factor at log-in (or a reset): a TOTP code, or one unused recovery code, which it spends. */
export async function checkSecondFactor(
  db: Db,
  config: Config,
  account: Pick<Account, 'id' | 'email' | 'totpSecretEnc'>,
  code: string,
): Promise<boolean> {
  if (/^\s*\d{6}\s*$/.test(code)) return checkTotp(db, config, account, code);
  await spendBudget(db, account.id);
  const given = normalize(code);
  if (!/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/.test(given)) return false;
  const unused = await db.recoveryCode.findMany({ where: { accountId: account.id, usedAt: null } });
  for (const r of unused) {
    if (!(await verifyPassword(r.codeHash, given))) continue;
    const { count } = await db.recoveryCode.updateMany({
      where: { id: r.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    return count === 1;
  }
  return false;
}
