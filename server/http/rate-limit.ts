import type { RequestHandler } from 'express';
import type { Db } from '../db/client.ts';
import { clientBucket } from './client-bucket.ts';
import { tooManyRequests } from './problem.ts';

/**
 * Fixed-window counters in PostgreSQL, so every web node shares one count (no per-process state).
 * Returns the count in the current window after this hit and the seconds until the window ends.
 */
export async function hit(
  db: Db,
  key: string,
  windowSeconds: number,
  cost = 1,
): Promise<{ count: number; resetIn: number }> {
  const rows = await db.$queryRaw<{ used: number; reset_in: number }[]>`
    insert into "RateWindow" ("key", "windowStart", "used", "updatedAt")
    values (${key}, now(), ${cost}, now())
    on conflict ("key") do update set
      "used" = case when "RateWindow"."windowStart" <= now() - make_interval(secs => ${windowSeconds}) then ${cost} else "RateWindow"."used" + ${cost} end,
      "windowStart" = case when "RateWindow"."windowStart" <= now() - make_interval(secs => ${windowSeconds}) then now() else "RateWindow"."windowStart" end,
      "updatedAt" = now()
    returning "used", ceil(extract(epoch from ("windowStart" + make_interval(secs => ${windowSeconds}) - now())))::int as reset_in`;
  const row = rows[0]!;
  return { count: row.used, resetIn: Math.max(1, row.reset_in) };
}

export async function limit(db: Db, key: string, max: number, windowSeconds: number): Promise<void> {
  const { count, resetIn } = await hit(db, key, windowSeconds);
  if (count > max) throw tooManyRequests(resetIn);
}

/** Express middleware: `max` requests per `windowSeconds` per client (an IPv4 address or an IPv6 /64) and route name. */
export function rateLimit(db: Db, name: string, max: number, windowSeconds: number): RequestHandler {
  return async (req, _res, next) => {
    try {
      await limit(db, `${name}:${clientBucket(req.ip)}`, max, windowSeconds);
      next();
    } catch (err) {
      next(err);
    }
  };
}
