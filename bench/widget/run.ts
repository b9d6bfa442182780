/**
 * Widget bench: bundle size, status-to-screen latency in a real Chromium, and SSE fan-out to 10,000
 * subscribers on one server process.
 *
 *   npx tsx bench/widget/run.ts [--subscribers 10000] [--transitions 20]
 *
 * Three processes for the fan-out: the server (bench/widget/server.ts, whose RSS is reported), the raw-HTTP
 * subscribers (bench/widget/subscribers.ts) and this driver, which commits the status changes. All three
 * read the same clock (performance.timeOrigin + now), so "commit → last subscriber has it" is end to end.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import twilio from 'twilio';
import { createBusiness } from '../../server/businesses/service.ts';
import { randomToken, sha256 } from '../../server/crypto/secrets.ts';
import { createDb } from '../../server/db/client.ts';
import { CALLBACK_CHANNEL, recordCallbackProgress } from '../../server/widget-api/progress.ts';
import { buildWidget, WIDGET_BUDGET_GZIP_BYTES } from '../../widget/build.ts';
import { startHostPage } from '../../testkit/host-page.ts';
import { machine } from '../lib/machine.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const SUBSCRIBERS = Number(arg('subscribers', '10000'));
const TRANSITIONS = Number(arg('transitions', '20'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TWILIO_SID = 'AC' + 'b2'.repeat(16);
const TWILIO_TOKEN = 'bench-twilio-auth-token-0123456789';
const ORIGIN = 'https://bench-site.example';
const now = () => performance.timeOrigin + performance.now();
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

// ---------------------------------------------------------------- bundle
const built = await buildWidget({ write: false });
console.log(`bundle: ${built.manifest.bytes} B, ${built.manifest.gzipBytes} B gzipped`);

// ---------------------------------------------------------------- server
const server = await startServer({ TWILIO_ACCOUNT_SID: TWILIO_SID, TWILIO_AUTH_TOKEN: TWILIO_TOKEN });
const { url, databaseUrl, pid } = server.info;

/** bench/widget/server.ts in its own process, with IPC (memory breakdown) and --expose-gc. */
async function startServer(env: Record<string, string>) {
  const child = fork(path.join(import.meta.dirname, 'server.ts'), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let buf = '';
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout!.on('data', (d) => {
      buf += String(d);
      const m = /READY (\{.*\})/.exec(buf);
      if (m) resolve(JSON.parse(m[1]!));
    });
  });
  return {
    info,
    async mem() {
      const p = new Promise<Record<string, number>>((resolve) => {
        const on = (m: { type: string }) => {
          if (m.type !== 'mem') return;
          child.off('message', on);
          resolve(m as unknown as Record<string, number>);
        };
        child.on('message', on);
      });
      child.send({ type: 'mem' });
      return p;
    },
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
const mb = (b: number) => r1(b / 2 ** 20);
const db = createDb(databaseUrl!, { max: 5 });
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** A business with `n` queued callbacks (rows, tokens, first events), made in bulk SQL. */
async function fixtures(n: number, origin: string) {
  const b = await createBusiness(db, {
    name: 'Bench Plumbing',
    widgetOrigins: [origin],
    phone: '+1512555' + String(Math.floor(Math.random() * 9000) + 1000),
  } as never);
  const tokens = Array.from({ length: n }, () => randomToken());
  const ids: string[] = [];
  for (let i = 0; i < n; i += 2000) {
    const chunk = tokens.slice(i, i + 2000);
    const rows = await db.$queryRaw<{ id: string }[]>`
      insert into "CallbackRequest" ("id", "businessId", "name", "phone", "consentCall", "tokenHash", "updatedAt")
      select gen_random_uuid(), ${b.id}::uuid, 'Bench', '+15125550142', true, h, now() from unnest(${chunk.map(sha256)}::text[]) as h
      returning "id"`;
    ids.push(...rows.map((r) => r.id));
  }
  await db.$executeRaw`insert into "CallbackEvent" ("callbackRequestId", "status") select unnest(${ids}::text[]::uuid[]), 'queued'`;
  return { business: b, streams: ids.map((id, i) => ({ id, token: tokens[i]! })) };
}

async function subscribe(streams: { id: string; token: string }[], origin: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-subs-'));
  const file = path.join(dir, 'streams.json');
  writeFileSync(
    file,
    JSON.stringify({
      origin,
      streams: streams.map((s) => ({ url: `${url}/widget/v1/callbacks/${s.id}/events`, token: s.token })),
    }),
  );
  const child = fork(path.join(import.meta.dirname, 'subscribers.ts'), [file], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const started = now();
  const [msg] = (await once(child, 'message')) as [{ n: number; errors: number }];
  return { child, connectMs: now() - started, errors: msg.errors };
}

function awaitEvents(child: ChildProcess, k: number) {
  const p = once(child, 'message') as Promise<[{ firstAt: number; lastAt: number; errors: number }]>;
  child.send({ type: 'await', events: k });
  return p.then(([m]) => m);
}

async function stopChild(child: ChildProcess) {
  child.kill('SIGTERM');
  await once(child, 'exit');
  await new Promise((r) => setTimeout(r, 1000)); // let the server see the sockets close
}

/** Highest RSS seen while `work` runs (sampled every 50 ms): connecting is where garbage peaks. */
async function peakRssDuring<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
  try {
    return [await work(), Math.max(peak, rssMb())];
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------- fan-out A: N subscribers, N callbacks
const memCold = await server.mem();
const rssCold = rssMb();
console.log(`cold: rss ${r1(rssCold)} MB, heapUsed ${mb(memCold.heapUsed!)} MB`);
const a = await fixtures(SUBSCRIBERS, ORIGIN);
// A serving process has answered the widget's other requests too: Prisma's query engine is running.
const WARM_REQUESTS = 20;
for (let i = 0; i < WARM_REQUESTS; i++) {
  const r = await fetch(`${url}/widget/v1/config?key=${a.business.widgetPublicKey}`, { headers: { origin: ORIGIN } });
  if (r.status !== 200) throw new Error(`config answered ${r.status}`);
  await r.arrayBuffer();
}
const warmPost = await fetch(`${url}/widget/v1/callbacks`, {
  method: 'POST',
  headers: { origin: ORIGIN, 'content-type': 'application/json' },
  body: JSON.stringify({
    key: a.business.widgetPublicKey,
    name: 'Warm Up',
    phone: '(512) 555-0142',
    consentCall: true,
    elapsedMs: 10_000,
  }),
});
if (warmPost.status !== 201) throw new Error(`callback POST answered ${warmPost.status}: ${await warmPost.text()}`);
await new Promise((r) => setTimeout(r, 3000)); // background compilation and the first GCs settle
const memIdle = await server.mem();
const rssIdle = rssMb();
console.log(`idle (warm): rss ${r1(rssIdle)} MB, heapUsed ${mb(memIdle.heapUsed!)} MB`);
const [subsA, peakA] = await peakRssDuring(async () => {
  const subs = await subscribe(a.streams, ORIGIN);
  await new Promise((r) => setTimeout(r, 1500));
  return subs;
});
const rssA = rssMb();
const memA = await server.mem();
const rssAgc = rssMb();
console.log(
  `after GC with ${memA.subscribers} subscribers: rss ${r1(rssAgc)} MB, heapUsed ${mb(memA.heapUsed!)} MB, heapTotal ${mb(memA.heapTotal!)} MB, external ${mb(memA.external!)} MB, arrayBuffers ${mb(memA.arrayBuffers!)} MB`,
);
// The same writes as recordCallbackProgress, for every callback at once, in one transaction.
const ids = a.streams.map((s) => s.id);
const txStart = now();
await db.$transaction(
  async (tx) => {
    await tx.$executeRaw`update "CallbackRequest" set "status" = 'calling' where "id" = any(${ids}::text[]::uuid[])`;
    await tx.$executeRaw`insert into "CallbackEvent" ("callbackRequestId", "status") select unnest(${ids}::text[]::uuid[]), 'calling'`;
    await tx.$executeRaw`select pg_notify(${CALLBACK_CHANNEL}, id) from unnest(${ids}::text[]) as id`;
  },
  { timeout: 60_000 },
);
const committedA = now();
const reachedA = await awaitEvents(subsA.child, 2);
const rssAfterA = rssMb();
console.log(
  `fan-out A: ${SUBSCRIBERS} subscribers × own callback: commit→all ${r1(reachedA.lastAt - committedA)} ms, RSS ${r1(rssA)} MB`,
);
await stopChild(subsA.child);

// ---------------------------------------------------------------- fan-out B: N subscribers, one callback
const one = (await fixtures(1, ORIGIN)).streams[0]!;
const [subsB, peakB] = await peakRssDuring(async () => {
  const subs = await subscribe(
    Array.from({ length: SUBSCRIBERS }, () => one),
    ORIGIN,
  );
  await new Promise((r) => setTimeout(r, 1500));
  return subs;
});
const rssB = rssMb();
const txStartB = now();
await db.$transaction((tx) => recordCallbackProgress(tx, one.id, { status: 'calling' }));
const committedB = now();
const reachedB = await awaitEvents(subsB.child, 2);
console.log(
  `fan-out B: ${SUBSCRIBERS} subscribers × one callback: commit→all ${r1(reachedB.lastAt - committedB)} ms, RSS ${r1(rssB)} MB`,
);
await stopChild(subsB.child);

// ---------------------------------------------------------------- latency in a real browser
let latency: { samples: number[]; byKind: Record<string, number[]> } | null = null;
if (existsSync(CHROMIUM) && TRANSITIONS > 0) {
  let key = '';
  const host = await startHostPage({ widgetHost: url!, widgetKey: () => key });
  const fx = await fixtures(Math.ceil(TRANSITIONS / 4), host.origin);
  key = fx.business.widgetPublicKey;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  const samples: number[] = [];
  const byKind: Record<string, number[]> = { commit: [], 'twilio status': [] };
  const phone = (await db.phoneNumber.findFirstOrThrow({ where: { businessId: fx.business.id } })).e164;
  for (const [n, s] of fx.streams.entries()) {
    const sid = 'CA' + String(n).padStart(32, '0');
    await db.call.create({
      data: {
        businessId: fx.business.id,
        twilioCallSid: sid,
        direction: 'outbound',
        status: 'queued',
        from: phone,
        to: '+15125550142',
        callbackRequestId: s.id,
      },
    });
    // A reload resumes the request from sessionStorage (how the widget survives reloads).
    await page.goto(host.origin + '/');
    await page.evaluate(
      ([k, v]) => sessionStorage.setItem(k!, v!),
      [`leadline:${key}`, JSON.stringify({ id: s.id, token: s.token })],
    );
    await page.reload();
    await page.waitForFunction(
      () =>
        /Request received/.test(
          document.querySelector('leadline-widget')?.shadowRoot?.querySelector('[role=status]')?.textContent ?? '',
        ),
      undefined,
      { timeout: 10_000 },
    );
    // Records when the live region's text changes, on the browser's clock (same wall clock as ours).
    await page.evaluate(() => {
      const el = document.querySelector('leadline-widget')!.shadowRoot!.querySelector('[role=status]')!;
      const w = window as unknown as { __changes: { text: string; at: number }[] };
      w.__changes = [];
      new MutationObserver(() =>
        w.__changes.push({ text: el.textContent ?? '', at: performance.timeOrigin + performance.now() }),
      ).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const steps: [string, string, () => Promise<unknown>][] = [
      ['commit', 'Calling', () => db.$transaction((tx) => recordCallbackProgress(tx, s.id, { status: 'calling' }))],
      ['twilio status', 'ringing', () => signedStatus(sid, 'ringing', phone)],
      ['twilio status', 'in the call', () => signedStatus(sid, 'in-progress', phone)],
      [
        'commit',
        'completed',
        () => db.$transaction((tx) => recordCallbackProgress(tx, s.id, { status: 'completed', leadCaptured: true })),
      ],
    ];
    for (const [kind, text, act] of steps) {
      if (samples.length >= TRANSITIONS) break;
      const t0 = now();
      await act();
      const h = await page.waitForFunction(
        (t) =>
          (window as unknown as { __changes: { text: string; at: number }[] }).__changes.find((c) => c.text.includes(t))
            ?.at,
        text,
        { timeout: 5000, polling: 'raf' },
      );
      const ms = ((await h.jsonValue()) as number) - t0;
      samples.push(ms);
      byKind[kind]!.push(ms);
    }
  }
  await browser.close();
  await host.close();
  latency = { samples, byKind };
  console.log(`latency: p50 ${r1(pct(samples, 50))} ms, max ${r1(Math.max(...samples))} ms over ${samples.length}`);
} else {
  console.warn(`!! no Chromium at ${CHROMIUM}: the browser latency part is skipped (apt-get install -y chromium)`);
}

async function signedStatus(sid: string, status: string, from: string) {
  const params = {
    AccountSid: TWILIO_SID,
    CallSid: sid,
    CallStatus: status,
    From: from,
    To: '+15125550142',
    Direction: 'outbound-api',
  };
  const sig = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, 'https://leadline.bench/twilio/status', params);
  const r = await fetch(`${url}/twilio/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
    body: new URLSearchParams(params),
  });
  if (r.status !== 204) throw new Error(`status callback answered ${r.status}`);
}

await db.$disconnect();
await server.stop();

// ---------------------------------------------------------------- results
const md = [
  '### Widget',
  '',
  `Bundle (widget.js, Lit included, minified): ${built.manifest.bytes} B, **${built.manifest.gzipBytes} B gzipped** (budget ${WIDGET_BUDGET_GZIP_BYTES} B).`,
  '',
  latency
    ? `Status → screen, real Chromium (strict-CSP host page on another origin, SSE through the app): p50 **${r1(pct(latency.samples, 50))} ms**, p90 ${r1(pct(latency.samples, 90))} ms, max ${r1(Math.max(...latency.samples))} ms over ${latency.samples.length} transitions (goal ≤ 250 ms). Signed Twilio status callback POST → text: p50 ${r1(pct(latency.byKind['twilio status']!, 50))} ms (n=${latency.byKind['twilio status']!.length}); recordCallbackProgress transaction start → text: p50 ${r1(pct(latency.byKind.commit!, 50))} ms (n=${latency.byKind.commit!.length}). Clock starts before the request is sent / the transaction begins; stops at the MutationObserver on the role=status region.`
    : 'Status → screen: skipped (no Chromium).',
  '',
  `SSE fan-out, one server process, ${SUBSCRIBERS} concurrent subscribers (raw HTTP streams from a separate process):`,
  '',
  '| scenario | server RSS (peak while connecting) | commit → first subscriber | commit → all subscribers | transaction | errors |',
  '|---|---|---|---|---|---|',
  `| A: ${SUBSCRIBERS} callbacks × 1 subscriber each, all ${SUBSCRIBERS} updated in one transaction (${SUBSCRIBERS} NOTIFYs) | ${r1(rssA)} MB (${r1(peakA)} MB; after: ${r1(rssAfterA)} MB) | ${r1(reachedA.firstAt - committedA)} ms | **${r1(reachedA.lastAt - committedA)} ms** | ${r1(committedA - txStart)} ms | ${subsA.errors} |`,
  `| B: 1 callback × ${SUBSCRIBERS} subscribers, one recordCallbackProgress | ${r1(rssB)} MB (${r1(peakB)} MB) | ${r1(reachedB.firstAt - committedB)} ms | **${r1(reachedB.lastAt - committedB)} ms** | ${r1(committedB - txStartB)} ms | ${subsB.errors} |`,
  '',
  `Server before any request (whole app under tsx, every route module loaded): RSS ${r1(rssCold)} MB, JS heap used ${mb(memCold.heapUsed!)} MB. Idle after the widget's other requests (${WARM_REQUESTS} × GET config, 1 × POST callbacks; Prisma's query engine started): RSS ${r1(rssIdle)} MB, JS heap used ${mb(memIdle.heapUsed!)} MB; the scenarios run on this warm server. With ${memA.subscribers} open streams, after a full GC: RSS ${r1(rssAgc)} MB, JS heap used ${mb(memA.heapUsed!)} MB (≈ ${r1((memA.heapUsed! - memIdle.heapUsed!) / 1024 / SUBSCRIBERS)} KB of JS heap per stream: the socket and its TCP handle, the hub's entry and the stream's close listener. Node's HTTP parser and the request/response objects are released when the stream is taken off the HTTP server, and Express, pino-http and helmet never see it: server/widget-api/stream-takeover.ts). Goals: ≤ 300 MB RSS, broadcast reaching all within 1 s. Connecting ${SUBSCRIBERS} streams took ${r1(subsA.connectMs / 1000)} s (A, waves of 500, each minting its single-use stream ticket first).`,
  '',
  `Verdict: broadcast ${Math.max(reachedA.lastAt - committedA, reachedB.lastAt - committedB) <= 1000 ? 'within' : 'NOT within'} 1 s; RSS goal ${Math.max(rssA, rssB) <= 300 ? 'met' : 'NOT met'} (${r1(Math.max(rssA, rssB))} MB with ${SUBSCRIBERS} streams open; highest sample while connecting ${r1(Math.max(peakA, peakB))} MB; the same server idle ${r1(rssIdle)} MB).`,
  '',
  `Machine: ${machine()}`,
  '',
].join('\n');
writeFileSync(path.join(import.meta.dirname, 'RESULTS.part.md'), md);
console.log('\n' + md);
