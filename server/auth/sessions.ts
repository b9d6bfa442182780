import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { unauthorized } from '../http/problem.ts';
import { randomToken, sha256 } from '../crypto/secrets.ts';

export const REFRESH_TOKEN_DAYS = 30;

interface Meta {
  userAgent?: string;
  ip?: string;
}

/** Starts a new session family (a log-in) and returns its first refresh token. */
export async function startSession(db: Pick<Db, 'session'>, accountId: string, meta: Meta): Promise<string> {
  const token = randomToken();
  await db.session.create({
    data: {
      accountId,
      familyId: randomUUID(),
      refreshTokenHash: sha256(token),
      expiresAt: days(REFRESH_TOKEN_DAYS),
      ...meta,
    },
  });
  return token;
}

/**
 * Exchanges a refresh token for the next one in its family. A token that was already rotated is a sign
 * it was stolen: the whole family is revoked, so neither the thief nor the user can continue.
 */
export async function rotateSession(
  db: Db,
  token: string,
  meta: Meta,
): Promise<{ accountId: string; refreshToken: string }> {
  const result = await db.$transaction(async (tx) => {
    // Lock the row: two concurrent refreshes of one token must not both succeed.
    const rows = await tx.$queryRaw<
      {
        id: string;
        accountId: string;
        familyId: string;
        rotatedAt: Date | null;
        revokedAt: Date | null;
        expiresAt: Date;
      }[]
    >`
      select "id", "accountId", "familyId", "rotatedAt", "revokedAt", "expiresAt" from "Session" where "refreshTokenHash" = ${sha256(token)} for update`;
    const s = rows[0];
    if (!s) throw unauthorized('Refresh token is not valid');
    if (s.rotatedAt || s.revokedAt) {
      await tx.session.updateMany({
        where: { familyId: s.familyId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      return { reused: true as const };
    }
    if (s.expiresAt < new Date()) throw unauthorized('Refresh token has expired');
    await tx.session.update({ where: { id: s.id }, data: { rotatedAt: new Date() } });
    const next = randomToken();
    await tx.session.create({
      data: {
        accountId: s.accountId,
        familyId: s.familyId,
        refreshTokenHash: sha256(next),
        expiresAt: days(REFRESH_TOKEN_DAYS),
        ...meta,
      },
    });
    return { reused: false as const, accountId: s.accountId, refreshToken: next };
  });
  // The family revocation must commit, so the 401 is raised after the transaction, not inside it.
  if (result.reused) throw unauthorized('Refresh token was already used; all sessions of this log-in were revoked');
  return { accountId: result.accountId, refreshToken: result.refreshToken };
}

/** Log-out: revokes the family the token belongs to. Unknown tokens are ignored (log-out is idempotent). */
export async function endSession(db: Db, token: string): Promise<string | null> {
  const s = await db.session.findUnique({ where: { refreshTokenHash: sha256(token) } });
  if (!s) return null;
  await db.session.updateMany({ where: { familyId: s.familyId, revokedAt: null }, data: { revokedAt: new Date() } });
  return s.accountId;
}

export const revokeAllSessions = (db: Db, accountId: string) =>
  db.session.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: new Date() } });

const days = (n: number) => new Date(Date.now() + n * 86_400_000);
