/**
 * Signed POST /twilio/voice at 200 concurrent connections, every request a new CallSid (a new call row and
 * consent record), beside a bare Express route returning static TwiML in the same process.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { latencyTable, writeSection } from '../lib/results.ts';
import { startChild, summary } from '../lib/server.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const token = 'bench-twilio-auth-token-0123456789';
const target = await startChild('bench/http/target.ts', { TWILIO_ACCOUNT_SID: 'AC' + 'a1'.repeat(16), TWILIO_AUTH_TOKEN: token, OPENAI_API_KEY: 'sk-bench-0123456789', PUBLIC_BASE_URL: 'https://leadline.bench' });
const { url, bareUrl, phone } = target.info as Record<string, string>;

function signedCall(base: string, overallRate?: number) {
  return autocannon({
    ...(overallRate ? { overallRate } : {}),
    url: base + '/twilio/voice',
    method: 'POST',
    connections: 200,
    duration: seconds,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [
      {
        setupRequest: (req) => {
          const params = { CallSid: 'CA' + randomBytes(16).toString('hex'), From: '+15125550142', To: phone!, Direction: 'inbound', AccountSid: 'AC' + 'a1'.repeat(16) };
          const sig = twilio.getExpectedTwilioSignature(token, 'https://leadline.bench/twilio/voice', params);
          return { ...req, body: new URLSearchParams(params).toString(), headers: { ...req.headers, 'x-twilio-signature': sig } };
        },
      },
    ],
  });
}
await signedCall(url!); // warm-up
const app = summary(await signedCall(url!));
const bare = summary(await signedCall(bareUrl!));
// Open loop: calls arriving at a fixed rate, so latency is service time, not the queue a closed loop builds.
const RATE = Number(process.env.BENCH_RATE ?? 500);
const paced = summary(await signedCall(url!, RATE));
await target.stop();
writeSection(import.meta.url, [
  `### Voice webhook (signed POST /twilio/voice, 200 connections, ${seconds} s, new call per request)`,
  '',
  ...latencyTable([
    ['Leadline /twilio/voice (lookup + call + consent rows + TwiML)', app],
    ['bare Express static TwiML', bare],
    [`Leadline /twilio/voice at a fixed ${RATE} calls/s (open loop)`, paced],
  ]),
  '',
  `Saturation throughput: ${(app.rps / bare.rps).toFixed(2)}× the bare route (goal ≥ 0.5×). With 200 connections held open, latency = 200 / throughput (Little's law), so closed-loop p99 mostly measures the queue; the open-loop row measures what a caller waits. Goal p99 ≤ 10 ms.`,
]);
