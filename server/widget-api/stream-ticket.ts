/**
 * Stream tickets keep the callback's capability token out of URLs. EventSource cannot send headers, so the
 * widget POSTs the token (in the body) for a ticket and opens the stream with that instead: a URL that
 * leaks into a log or a Referer is worth one stream, for seconds. A ticket names its callback and when it
 * was issued, signed; opening a stream spends it by moving the callback's `streamTicketAt` past it, so it
 * (and every older ticket) is refused from then on, on every node.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { safeEqual } from '../crypto/secrets.ts';
import type { Db } from '../db/client.ts';

/** How long a ticket may wait before its stream opens. */
export const TICKET_TTL_MS = 30_000;

export const ticketBody = z.object({ token: z.string().min(16).max(200) });
export const ticketCreated = z.object({ ticket: z.string(), expiresInSeconds: z.number() });

const sign = (secret: string | Buffer, id: string, issued: number) =>
  createHmac('sha256', secret).update(`stream-ticket:${id}:${issued}`).digest('base64url');

export function mintTicket(secret: string | Buffer, id: string, now: number): string {
  return `${now}.${sign(secret, id, now)}`;
}

/** Pure: when a well-signed, still-fresh ticket for this callback was issued; null otherwise. */
export function readTicket(secret: string | Buffer, id: string, ticket: string, now: number): number | null {
  const m = /^(\d{13})\.([\w-]{43})$/.exec(ticket);
  if (!m) return null;
  const issued = Number(m[1]);
  if (now - issued > TICKET_TTL_MS || issued - now > 5_000) return null;
  return safeEqual(m[2]!, sign(secret, id, issued)) ? issued : null;
}

/** Spends a ticket: true once, for the first stream opened with it (and never for an older one after). */
export async function spendTicket(db: Db, id: string, issued: number): Promise<boolean> {
  const n = await db.$executeRaw`update "CallbackRequest" set "streamTicketAt" = ${BigInt(issued)}
    where "id" = ${id}::uuid and coalesce("streamTicketAt", 0) < ${BigInt(issued)}`;
  return n === 1;
}
