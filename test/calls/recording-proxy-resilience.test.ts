/**
 * The recording proxy cannot take the process down. Twilio is played by a local HTTP server that resets
 * its connection halfway through the audio, stalls, or streams forever; the proxy ends that one response
 * and the process (and other requests, another recording among them) carries on. A client that leaves
 * makes the proxy let go of Twilio at once.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { signedRecordingUrl } from '../../server/calls/recording-link.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { callSid, fakeNumber, PUBLIC_BASE, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;
const behaviours = new Map<string, Behaviour>();
const upstreamClosed = new Map<string, Promise<void>>();
let twilio: Server;
let app: TestApp;
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  twilio = createServer((req, res) => {
    const sid = /Recordings\/(RE\w+)\.mp3$/.exec(req.url ?? '')?.[1] ?? '';
    upstreamClosed.set(sid, new Promise((r) => res.once('close', () => r())));
    (behaviours.get(sid) ?? ((_q, s) => s.writeHead(404).end()))(req, res);
  });
  await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  app = await startTestApp({ env: telephonyEnv({ TWILIO_API_BASE_URL: base, RECORDING_UPSTREAM_TIMEOUT_MS: '700' }) });
  process.on('uncaughtException', onUnhandled);
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('uncaughtException', onUnhandled);
  process.off('unhandledRejection', onUnhandled);
  await app.close();
  twilio.closeAllConnections();
  await new Promise((r) => twilio.close(r));
});

/** A voicemail with a recording whose audio `behaviour` serves; returns the signed link on the test server. */
async function recordingServedBy(behaviour: Behaviour) {
  const phone = fakeNumber();
  const b = await createBusiness(app.ctx.db, { name: 'Rapid Rooter', timezone: 'America/Chicago', phone });
  await app.ctx.db.business.update({ where: { id: b.id }, data: { active: false } });
  const sid = callSid();
  await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: '+15125550142', To: phone });
  const recordingSid = `RE${sid.slice(2)}`;
  await postTwilio(app.url, '/twilio/recording', {
    CallSid: sid,
    RecordingSid: recordingSid,
    RecordingStatus: 'completed',
  });
  behaviours.set(recordingSid, behaviour);
  const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
  expect(call.recordingSid).toBe(recordingSid);
  const url = signedRecordingUrl(PUBLIC_BASE, app.ctx.config.jwtSecret, call.id, 600, Date.now(), randomUUID()).replace(
    PUBLIC_BASE,
    app.url,
  );
  return { url, upstreamClosed: () => upstreamClosed.get(recordingSid)! };
}

const audio = (n: number) => Buffer.alloc(n, 0x49);
const healthy = () =>
  recordingServedBy((_q, res) => {
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': '4096' });
    res.end(audio(4096));
  });

/** Reads a response body to its end or its failure. */
async function drain(r: Response): Promise<{ bytes: number; failed: boolean }> {
  let bytes = 0;
  try {
    for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    return { bytes, failed: false };
  } catch {
    return { bytes, failed: true };
  }
}

describe('recording proxy', () => {
  it('an upstream reset mid-stream cuts that response only; the process and other requests carry on', async () => {
    const reset = await recordingServedBy((_q, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': '100000' });
      res.write(audio(16_384));
      setTimeout(() => res.socket?.resetAndDestroy(), 50);
    });
    const other = await healthy();
    const [cut, fine] = await Promise.all([fetch(reset.url), fetch(other.url)]);
    expect(cut.status).toBe(200); // headers were out before the reset
    const got = await drain(cut);
    expect(got.failed).toBe(true);
    expect(got.bytes).toBeLessThan(100_000);
    expect(fine.status).toBe(200);
    expect((await drain(fine)).bytes).toBe(4096);
    // Still serving: health, and another recording after the reset.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const again = await fetch((await healthy()).url);
    expect((await drain(again)).bytes).toBe(4096);
    expect(unhandled).toEqual([]);
  });

  it('an upstream that stalls after its headers is cut at the idle deadline', async () => {
    const stalled = await recordingServedBy((_q, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.write(audio(1024)); // then nothing, forever
    });
    const started = Date.now();
    const r = await fetch(stalled.url);
    const got = await drain(r);
    expect(got).toMatchObject({ bytes: 1024, failed: true });
    expect(Date.now() - started).toBeLessThan(3000);
    await stalled.upstreamClosed();
    expect(unhandled).toEqual([]);
  });

  it('an upstream that never answers gives 502 at the deadline', async () => {
    const silent = await recordingServedBy(() => {});
    const started = Date.now();
    const r = await fetch(silent.url);
    expect(r.status).toBe(502);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a client that leaves mid-stream makes the proxy let go of Twilio', async () => {
    const endless = await recordingServedBy((_q, res) => {
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      const t = setInterval(() => res.write(audio(512)), 20);
      res.once('close', () => clearInterval(t));
    });
    const client = new AbortController();
    const r = await fetch(endless.url, { signal: client.signal });
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    client.abort();
    const released = await Promise.race([
      endless.upstreamClosed().then(() => true),
      new Promise((r) => setTimeout(() => r(false), 600)), // sooner than the idle deadline could
    ]);
    expect(released).toBe(true);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(unhandled).toEqual([]);
  });
});
