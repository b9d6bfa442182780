import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twilioForm } from '../../server/calls/twilio-webhook.ts';
import { problemHandler } from '../../server/http/problem.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { callSid, postTwilio, telephonyEnv } from '../../testkit/twilio.ts';

/** The webhook body reader, on its own (echoing what it parsed) and behind the real signature check. */
let echo: string;
let close: () => void;
let app: TestApp;
beforeAll(async () => {
  const e = express();
  e.post('/echo', twilioForm(1024), (req, res) => void res.json({ body: req.body ?? null }));
  e.use(problemHandler);
  const server = e.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  echo = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  close = () => server.close();
  app = await startTestApp({ env: telephonyEnv() });
});
afterAll(async () => {
  close();
  await app.close();
});

const post = (
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' },
) => fetch(echo, { method: 'POST', headers, body }).then(async (r) => ({ status: r.status, body: await r.json() }));

describe('Twilio webhook bodies', () => {
  it('reads form fields exactly as sent: decoded values, repeated keys as arrays, bracketed keys left alone', async () => {
    const r = await post('CallSid=CA1&SpeechResult=yes+please%2C+%E2%82%AC5&Digits=&a[b]=1&Tag=x&Tag=y', {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
    });
    expect(r).toEqual({
      status: 200,
      body: { body: { CallSid: 'CA1', SpeechResult: 'yes please, €5', Digits: '', 'a[b]': '1', Tag: ['x', 'y'] } },
    });
  });

  it('leaves other content types unread', async () => {
    expect((await post('{"CallSid":"CA1"}', { 'content-type': 'application/json' })).body).toEqual({ body: null });
  });

  it('refuses bodies over the limit with 413 and other charsets or encodings with 415', async () => {
    expect((await post('x=' + 'a'.repeat(2000))).status).toBe(413);
    expect(
      (await post('x=1', { 'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1' })).status,
    ).toBe(415);
    expect(
      (await post('x=1', { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' })).status,
    ).toBe(415);
  });

  it('a signed body with non-ASCII, reserved characters and empty fields passes the signature check', async () => {
    const r = await postTwilio(app.url, '/twilio/voice', {
      CallSid: callSid(),
      From: '+15125550142',
      To: '+19995550000',
      CallerName: 'José & Ana + Co =%',
      ForwardedFrom: '',
    });
    expect(r.status).toBe(200);
    expect(r.body).toContain('not in service');
  });
});
