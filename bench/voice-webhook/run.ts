/**
 * Signed POST /twilio/voice at 200 concurrent connections, every request a new CallSid (a new call row and
 * consent record), beside a bare Express route returning static TwiML in the same process. The two
 * closed-loop runs alternate for a few rounds, so a neighbour's load on a shared machine lands on both;
 * then both routes again at a fixed arrival rate (open loop).
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import twilio from 'twilio';
import { latencyTable, writeSection } from '../lib/results.ts';
import { startChild, summary } from '../lib/server.ts';
import { openLoop } from './open-loop.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const token = 'bench-twilio-auth-token-0123456789';
const target = await startChild('bench/http/target.ts', {
  TWILIO_ACCOUNT_SID: 'AC' + 'a1'.repeat(16),
  TWILIO_AUTH_TOKEN: token,
  OPENAI_API_KEY: 'sk-bench-0123456789',
  PUBLIC_BASE_URL: 'https://leadline.bench',
});
const { url, bareUrl, phone } = target.info as Record<string, string>;

/** A new inbound call, signed as Twilio signs it. */
function signedRequest() {
  const params = {
    CallSid: 'CA' + randomBytes(16).toString('hex'),
    From: '+15125550142',
    To: phone!,
    Direction: 'inbound',
    AccountSid: 'AC' + 'a1'.repeat(16),
  };
  const sig = twilio.getExpectedTwilioSignature(token, 'https://leadline.bench/twilio/voice', params);
  return {
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
  };
}

async function closedLoop(base: string, duration = seconds) {
  return summary(
    await autocannon({
      url: base + '/twilio/voice',
      method: 'POST',
      connections: 200,
      duration,
      requests: [
        {
          setupRequest: (req) => {
            const r = signedRequest();
            return { ...req, body: r.body, headers: { ...req.headers, ...r.headers } };
          },
        },
      ],
    }),
  );
}

type Summary = Awaited<ReturnType<typeof closedLoop>>;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Each figure's median over the rounds; errors add up. */
const medianOf = (runs: Summary[]): Summary => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  mean: median(runs.map((r) => r.mean)),
  errors: runs.reduce((n, r) => n + r.errors, 0),
  non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
});

await closedLoop(url!); // warm-up: JIT, prepared statements, the number's prompt fields
const apps: Summary[] = [];
const bares: Summary[] = [];
for (let i = 0; i < rounds; i++) {
  apps.push(await closedLoop(url!));
  bares.push(await closedLoop(bareUrl!));
}
const ratios = apps.map((a, i) => a.rps / bares[i]!.rps);
const paced = await openLoop({ url: url + '/twilio/voice', rate: RATE, seconds, sockets: 200, request: signedRequest });
const pacedBare = await openLoop({
  url: bareUrl + '/twilio/voice',
  rate: RATE,
  seconds,
  sockets: 200,
  request: signedRequest,
});
await target.stop();

writeSection(import.meta.url, [
  `### Voice webhook (signed POST /twilio/voice, 200 connections, ${seconds} s, new call per request)`,
  '',
  ...latencyTable([
    [`Leadline /twilio/voice (lookup + call + consent rows + TwiML), median of ${rounds} rounds`, medianOf(apps)],
    [`bare Express static TwiML, median of ${rounds} rounds`, medianOf(bares)],
    [`Leadline /twilio/voice at a fixed ${RATE} calls/s (open loop)`, paced],
    [`bare Express static TwiML at a fixed ${RATE} calls/s (open loop)`, pacedBare],
  ]),
  '',
  `Saturation throughput: ${median(ratios).toFixed(2)}× the bare route (goal ≥ 0.5×); by round, app then bare alternating: ${ratios.map((r) => r.toFixed(2)).join(', ')}. With 200 connections held open, latency = 200 / throughput (Little's law), so closed-loop p99 mostly measures the queue; the open-loop rows (requests sent on a fixed schedule, latency counted from when each was due) measure what a caller waits. Goal p99 ≤ 10 ms.`,
]);
