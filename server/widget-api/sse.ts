/**
 * GET /widget/v1/callbacks/:id/events — one callback's status as Server-Sent Events. A single-use stream
 * ticket (minted for the capability token, stream-ticket.ts) and the page's origin are both required; the
 * token itself is refused in the URL. Events come from the hub.
 *
 * Two ways in, with the same checks and headers: stream-takeover.ts serves streams on the bare socket
 * (what production uses), and the Express route below serves whatever that path declines.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { safeEqual, sha256 } from '../crypto/secrets.ts';
import { sqlOf, type Db } from '../db/client.ts';
import { clientBucket } from '../http/client-bucket.ts';
import { openEventStream as openStreamResponse } from '../http/event-stream.ts';
import { Problem } from '../http/problem.ts';
import type { EventsHub } from './events-hub.ts';
import { originAllowed, originNotAllowed, setCors } from './origin.ts';
import { readTicket, spendTicket } from './stream-ticket.ts';

export const eventsParams = z.object({ id: z.uuid() });
export const eventsQuery = z
  .object({
    /** A single-use stream ticket (POST …/stream-ticket): the only credential a stream URL may carry. */
    ticket: z.string().max(100),
    lastEventId: z
      .string()
      .regex(/^\d{1,18}$/)
      .optional(),
  })
  .loose()
  // The callback's long-lived token never rides in a URL (logs, Referer): a URL that holds it opens nothing.
  .refine((q) => !('token' in q), {
    message: 'the token is not accepted in the URL; POST it to …/stream-ticket for a single-use ticket',
    path: ['token'],
  });

/** A stream opens with a ticket; only the ticket route itself takes the token (in a POST body). */
export type StreamCredential = { ticket: string } | { token: string };

const badToken = () => new Problem(403, 'callback-token', 'Not allowed', 'Unknown callback or wrong token');
const badTicket = () =>
  new Problem(403, 'stream-ticket', 'Not allowed', 'This stream ticket is expired or used; ask for a new one');

/** Pure: where a stream resumes. The header (set by EventSource on reconnect) wins over the query. */
export function resumeFrom(header: string | undefined, query: string | undefined): bigint {
  for (const v of [header, query]) if (v && /^\d{1,18}$/.test(v.trim())) return BigInt(v.trim());
  return 0n;
}

/**
 * Whether this origin may open this callback's stream with this token. `cors` is the origin to answer
 * with CORS headers (also on a wrong token, so the widget can read the refusal); none for a foreign origin.
 * One query on the driver pool: thousands of subscribers reconnect at once after a deploy.
 */
export async function checkStreamAccess(
  db: Db,
  id: string,
  cred: StreamCredential,
  origin: string | undefined,
  secret: string | Buffer,
): Promise<{ id: string; businessId: string; problem: Problem | null; cors: string | null }> {
  const { rows } = await sqlOf(db).query<{
    id: string;
    businessId: string;
    tokenHash: string;
    widgetOrigins: string[];
  }>(
    'select c."id"::text as "id", b."id"::text as "businessId", c."tokenHash", b."widgetOrigins" from "CallbackRequest" c join "Business" b on b."id" = c."businessId" where c."id" = $1::uuid',
    [id],
  );
  const cb = rows[0];
  if (cb && !originAllowed(origin, cb.widgetOrigins))
    return { id, businessId: '', problem: originNotAllowed(), cors: null };
  const cors = cb && origin ? origin : null;
  if (!cb) return { id, businessId: '', problem: badToken(), cors };
  if ('ticket' in cred) {
    const issued = readTicket(secret, cb.id, cred.ticket, Date.now());
    if (issued === null || !(await spendTicket(db, cb.id, issued)))
      return { id, businessId: '', problem: badTicket(), cors };
  } else if (!safeEqual(sha256(cred.token), cb.tokenHash)) return { id, businessId: '', problem: badToken(), cors };
  // The id as NOTIFY spells it (lower case): the hub matches notifications to subscribers by this string.
  return { id: cb.id, businessId: cb.businessId, problem: null, cors };
}

/** A place for one more stream, or the 429 that says which limit refused it. */
export function admitStream(hub: EventsHub, client: string, access: { id: string; businessId: string }) {
  const a = hub.admit({ client, callbackId: access.id, businessId: access.businessId });
  if (typeof a !== 'string') return { admission: a, problem: null };
  const what = { client: 'from this address', callback: 'for this callback', business: 'for this business' }[a];
  return {
    admission: null,
    problem: new Problem(429, 'stream-limit', 'Too many streams', `Too many open status streams ${what}; close some`, {
      retryAfter: 30,
    }),
  };
}

/** The Express route's stream: kept for requests the takeover declines (e.g. pipelined behind another). */
export async function openEventStream(
  db: Db,
  hub: EventsHub,
  req: Request,
  res: Response,
  p: { id: string; cred: StreamCredential; lastEventId?: string | undefined; secret: string | Buffer },
): Promise<void> {
  res.vary('Origin');
  const access = await checkStreamAccess(db, p.id, p.cred, req.get('origin'), p.secret);
  if (access.cors) setCors(res, access.cors);
  if (access.problem) throw access.problem;
  const admitted = admitStream(hub, clientBucket(req.ip), access);
  if (admitted.problem) throw admitted.problem;
  const from = resumeFrom(req.get('last-event-id'), p.lastEventId);

  res.setHeader('Connection', 'keep-alive');
  openStreamResponse(req, res);

  let unsubscribe: () => void;
  try {
    unsubscribe = await hub.subscribe(access.id, from, res, admitted.admission);
  } catch (err) {
    res.end(); // headers are out: no problem body possible; EventSource reconnects after `retry`
    throw err;
  }
  res.on('close', unsubscribe);
  if (res.destroyed) unsubscribe();
}
