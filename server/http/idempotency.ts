import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { Db } from '../db/client.ts';
import { badRequest, Problem } from './problem.ts';

/** How long a key and its response are kept. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY = /^[\x21-\x7e]{1,255}$/;

export type Claim =
  | { kind: 'run'; rowKey: string }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'none' };

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Keys belong to whoever sent them: one account's key never replays another's response. */
function scopeOf(req: Request): string {
  const p = req.principal;
  if (!p) return 'anonymous';
  return p.kind === 'user' ? `account:${p.accountId}` : `key:${p.keyId}`;
}

/**
 * `Idempotency-Key` on a creating POST (draft-ietf-httpapi-idempotency-key-header). The first request with a
 * key claims it and runs; the response is stored for 24 h and a repeat gets it back unchanged. The same key
 * with a different request (method, path or body) is 422; a repeat while the first still runs is 409.
 * Without the header the request simply runs.
 */
export async function claimIdempotencyKey(db: Db, req: Request): Promise<Claim> {
  const given = req.headers['idempotency-key'];
  if (given === undefined) return { kind: 'none' };
  if (typeof given !== 'string' || !KEY.test(given))
    throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters');
  const rowKey = hash(`${scopeOf(req)}\n${given}`);
  const fingerprint = hash(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`);
  // A key whose 24 h are over is claimed afresh, as if it had never been used.
  const claimed = await db.$queryRaw<{ key: string }[]>`
    insert into "IdempotencyKey" ("key", "fingerprint", "expiresAt")
    values (${rowKey}, ${fingerprint}, now() + make_interval(hours => ${IDEMPOTENCY_TTL_HOURS}))
    on conflict ("key") do update set "fingerprint" = excluded."fingerprint", "status" = null, "body" = null,
      "expiresAt" = excluded."expiresAt", "createdAt" = now()
    where "IdempotencyKey"."expiresAt" <= now()
    returning "key"`;
  if (Math.random() < 0.01)
    await db.$executeRaw`delete from "IdempotencyKey" where "key" in (select "key" from "IdempotencyKey" where "expiresAt" <= now() limit 500)`;
  if (claimed.length) return { kind: 'run', rowKey };
  const row = await db.idempotencyKey.findUnique({ where: { key: rowKey } });
  if (!row) return claimIdempotencyKey(db, req); // expired and deleted between the two statements
  if (row.fingerprint !== fingerprint)
    throw new Problem(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was used for a different request; use a new key for a new request',
    );
  if (row.status === null)
    throw new Problem(
      409,
      'idempotency-key-in-flight',
      'Request in progress',
      'A request with this key is still running',
    );
  return { kind: 'replay', status: row.status, body: row.body };
}

export async function storeIdempotentResponse(db: Db, rowKey: string, status: number, body: unknown): Promise<void> {
  await db.idempotencyKey.update({ where: { key: rowKey }, data: { status, body: (body ?? null) as never } });
}

/** The request failed: the key is free again, so the client's retry runs instead of replaying a failure. */
export async function releaseIdempotencyKey(db: Db, rowKey: string): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: { key: rowKey, status: null } });
}
