/**
 * The callback token stays out of stream URLs: the widget POSTs it for a single-use ticket that is valid for
 * 30 s and opens the stream with that. An old stream URL (a log, a proxy, a Referer) opens nothing: spent,
 * older than a spent one, expired, for another callback, or from another site. Both stream paths (the
 * socket takeover and the Express route) share the check; these requests go through the server as built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintTicket } from '../../server/widget-api/stream-ticket.ts';
import type { TestApp } from '../../testkit/app.ts';
import { call } from '../../testkit/http.ts';
import {
  makeBusiness,
  randomIp,
  randomUsNumber,
  SseClient,
  startWidgetApp,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startWidgetApp();
});
afterAll(() => app.close());

async function newCallback() {
  const b = await makeBusiness(app.ctx, {});
  const r = await call(app.url, 'POST', '/widget/v1/callbacks', {
    headers: { origin: b.origin, 'x-forwarded-for': randomIp() },
    body: await withProof(app.url, b.origin, validCallback(b.widgetPublicKey, { phone: randomUsNumber() })),
  });
  expect(r.status).toBe(201);
  await app.ctx.db.$executeRaw`select graphile_worker.remove_job(${'callback:' + r.body.id})`;
  return { b, id: r.body.id as string, token: r.body.token as string };
}
const ticketFor = (id: string, token: string, origin: string) =>
  call(app.url, 'POST', `/widget/v1/callbacks/${id}/stream-ticket`, { headers: { origin }, body: { token } });
const streamUrl = (id: string, ticket: string) =>
  `${app.url}/widget/v1/callbacks/${id}/events?ticket=${encodeURIComponent(ticket)}`;
/** Opens a stream; its status, problem type and first event (if any); closed again. */
async function open(url: string, origin: string) {
  const s = new SseClient(url, { origin });
  await s.ready;
  if (s.status === 200) await s.until((c) => c.events.length >= 1);
  s.close();
  return { status: s.status, events: s.events.length, cors: s.headers['access-control-allow-origin'] };
}
const ticketAt = async (id: string) =>
  (await app.ctx.db.callbackRequest.findUniqueOrThrow({ where: { id } })).streamTicketAt;

describe('stream tickets', () => {
  it('a ticket opens one stream; replaying its URL is refused', async () => {
    const { b, id, token } = await newCallback();
    const t = await ticketFor(id, token, b.origin);
    expect(t.status).toBe(201);
    expect(t.headers.get('cache-control')).toBe('no-store');
    expect(t.body.expiresInSeconds).toBe(30);
    expect(t.body.ticket).not.toContain(token);
    const url = streamUrl(id, t.body.ticket);
    expect(url).not.toContain(token);

    const first = await open(url, b.origin);
    expect(first).toMatchObject({ status: 200, events: 1, cors: b.origin });
    const spent = await ticketAt(id);
    const replay = await open(url, b.origin);
    expect(replay.status).toBe(403);
    const problem = await fetch(url, { headers: { origin: b.origin } });
    expect(problem.headers.get('content-type')).toContain('application/problem+json');
    expect(((await problem.json()) as { type: string }).type).toContain('stream-ticket');
    expect(replay.events).toBe(0);
    expect(await ticketAt(id)).toBe(spent);
  });

  it('an older ticket is refused once a newer one was used; a fresh one still works', async () => {
    const { b, id, token } = await newCallback();
    const older = (await ticketFor(id, token, b.origin)).body.ticket as string;
    await new Promise((r) => setTimeout(r, 5));
    const newer = (await ticketFor(id, token, b.origin)).body.ticket as string;
    expect((await open(streamUrl(id, newer), b.origin)).status).toBe(200);
    expect((await open(streamUrl(id, older), b.origin)).status).toBe(403);
    await new Promise((r) => setTimeout(r, 5));
    const fresh = (await ticketFor(id, token, b.origin)).body.ticket as string;
    expect((await open(streamUrl(id, fresh), b.origin)).status).toBe(200);
  });

  it('an expired, forged or other-callback ticket opens nothing and spends nothing', async () => {
    const { b, id, token } = await newCallback();
    const other = await newCallback();
    const secret = app.ctx.config.jwtSecret;
    const expired = mintTicket(secret, id, Date.now() - 31_000);
    expect((await open(streamUrl(id, expired), b.origin)).status).toBe(403);
    const forged = mintTicket('not the server secret', id, Date.now());
    expect((await open(streamUrl(id, forged), b.origin)).status).toBe(403);
    const theirs = (await ticketFor(other.id, other.token, other.b.origin)).body.ticket as string;
    expect((await open(streamUrl(id, theirs), b.origin)).status).toBe(403);
    expect(await ticketAt(id)).toBeNull();
    // Still theirs to use.
    expect((await open(streamUrl(other.id, theirs), other.b.origin)).status).toBe(200);
    expect((await open(streamUrl(id, (await ticketFor(id, token, b.origin)).body.ticket), b.origin)).status).toBe(200);
  });

  it('minting needs the token and the allowed origin', async () => {
    const { b, id, token } = await newCallback();
    const wrong = await ticketFor(id, 'x'.repeat(40), b.origin);
    expect(wrong.status).toBe(403);
    expect(wrong.body.ticket).toBeUndefined();
    const foreign = await ticketFor(id, token, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // A ticket carried to another site's page opens nothing there either.
    const t = (await ticketFor(id, token, b.origin)).body.ticket as string;
    expect((await open(streamUrl(id, t), 'https://evil.example')).status).toBe(403);
    expect(await ticketAt(id)).toBeNull();
  });
});
