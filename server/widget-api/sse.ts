/**
 * GET /widget/v1/callbacks/:id/events — one callback's status as Server-Sent Events. The capability
 * token (only its hash is stored) and the page's origin are both required; events come from the hub.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { safeEqual, sha256 } from '../crypto/secrets.ts';
import type { Db } from '../db/client.ts';
import { Problem } from '../http/problem.ts';
import type { EventsHub } from './events-hub.ts';
import { originAllowed, originNotAllowed, setCors } from './origin.ts';

export const eventsParams = z.object({ id: z.uuid() });
export const eventsQuery = z.object({
  token: z.string().min(16).max(200),
  lastEventId: z.string().regex(/^\d{1,18}$/).optional(),
});

const badToken = () => new Problem(403, 'callback-token', 'Not allowed', 'Unknown callback or wrong token');

/** Pure: where a stream resumes. The header (set by EventSource on reconnect) wins over the query. */
export function resumeFrom(header: string | undefined, query: string | undefined): bigint {
  for (const v of [header, query]) if (v && /^\d{1,18}$/.test(v.trim())) return BigInt(v.trim());
  return 0n;
}

export async function openEventStream(db: Db, hub: EventsHub, req: Request, res: Response, p: { id: string; token: string; lastEventId?: string }): Promise<void> {
  res.vary('Origin');
  const cb = await db.callbackRequest.findUnique({ where: { id: p.id }, select: { tokenHash: true, business: { select: { widgetOrigins: true } } } });
  const origin = req.get('origin');
  if (cb && !originAllowed(origin, cb.business.widgetOrigins)) throw originNotAllowed();
  if (!cb || !safeEqual(sha256(p.token), cb.tokenHash)) {
    if (cb && origin) setCors(res, origin);
    throw badToken();
  }
  setCors(res, origin!);
  const from = resumeFrom(req.get('last-event-id'), p.lastEventId);

  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('X-Accel-Buffering', 'no');
  res.setHeader('Connection', 'keep-alive');
  req.socket.setNoDelay(true);
  req.socket.setKeepAlive(true);
  // Streams outlive any request timeout the server may have.
  req.setTimeout(0);
  res.flushHeaders();
  res.write('retry: 3000\n\n');

  let unsubscribe: () => void;
  try {
    unsubscribe = await hub.subscribe(p.id, from, res);
  } catch (err) {
    res.end(); // headers are out: no problem body possible; EventSource reconnects after `retry`
    throw err;
  }
  res.on('close', unsubscribe);
  if (res.destroyed) unsubscribe();
}
