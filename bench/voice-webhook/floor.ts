/**
 * Where the voice webhook's CPU goes: the same static TwiML behind more and more of the real app (its
 * global middleware, the route modules mounted before the calls routes, the Twilio body reader and
 * signature check), then the real route, each served by one process and reported as that process's
 * CPU per request (steadier than req/s on a shared machine). Not part of `npm run bench`; run it with
 * `node --import tsx bench/voice-webhook/floor.ts`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express, { Router } from 'express';
import twilio from 'twilio';
import { summary } from '../lib/server.ts';

const token = 'bench-twilio-auth-token-0123456789';
const env = {
  TWILIO_ACCOUNT_SID: 'AC' + 'a1'.repeat(16),
  TWILIO_AUTH_TOKEN: token,
  OPENAI_API_KEY: 'sk-bench-0123456789',
  PUBLIC_BASE_URL: 'https://leadline.bench',
};

if (process.argv.includes('--serve')) await serve();
else await measure();

async function serve() {
  const { buildApp, routeModules } = await import('../../server/app.ts');
  const { loadConfig } = await import('../../server/config.ts');
  const { createDb } = await import('../../server/db/client.ts');
  const { startEmbeddedPostgres } = await import('../../server/db/embedded.ts');
  const { applyMigrations } = await import('../../server/db/migrate.ts');
  const { createLogger } = await import('../../server/log.ts');
  const { appContext } = await import('../../server/runtime.ts');
  const { verifyTwilio } = await import('../../server/calls/twilio-webhook.ts');
  const { createBusiness } = await import('../../server/businesses/service.ts');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-floor-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  await applyMigrations(pg.url);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: pg.url,
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    TRUST_PROXY: '0', // clients connect directly
    MAIL_DEV_OUTBOX: 'true', // no mail in a bench
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  });
  const db = createDb(pg.url, { max: 5 });
  const log = createLogger('silent');
  const ctx = appContext(config, db, log);
  await createBusiness(db, { name: 'Bench Plumbing', services: ['drain cleaning'], phone: '+15125550100' });
  const xml = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say></Response>';
  const send = (_req: express.Request, res: express.Response) => void res.type('text/xml').send(xml);
  const statics = (verified: boolean) => () =>
    Router().post('/twilio/voice', ...(verified ? verifyTwilio(ctx) : [express.urlencoded({ extended: false })]), send);
  const at = routeModules.findIndex((m) => m.name === 'callRoutes');
  const bare = express().post('/twilio/voice', express.urlencoded({ extended: false }), send);
  const variants: [string, express.Express][] = [
    ['bare Express static TwiML', bare],
    ['+ app middleware (buildApp, no route modules)', buildApp(ctx, [statics(false)])],
    ['+ route modules mounted before the calls routes', buildApp(ctx, [...routeModules.slice(0, at), statics(false)])],
    ['+ Twilio body reader and signature check', buildApp(ctx, [...routeModules.slice(0, at), statics(true)])],
    ['the real POST /twilio/voice (new call and consent rows, consent TwiML)', buildApp(ctx)],
  ];
  const urls: Record<string, string> = {};
  for (const [name, app] of variants) {
    const s = app.listen(0, '127.0.0.1');
    await once(s, 'listening');
    urls[name] = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
  }
  console.log('READY ' + JSON.stringify(urls));
  process.on('SIGTERM', async () => {
    await pg.stop();
    process.exit(0);
  });
}

async function measure() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buf = '';
  const urls = await new Promise<Record<string, string>>((resolve) =>
    child.stdout!.on('data', (d) => {
      buf += String(d);
      const m = buf.match(/READY (\{.*\})/);
      if (m) resolve(JSON.parse(m[1]!));
    }),
  );
  const cpuSeconds = () => {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  };
  const load = (url: string, duration: number) =>
    autocannon({
      url: url + '/twilio/voice',
      method: 'POST',
      connections: 200,
      duration,
      requests: [
        {
          setupRequest: (req) => {
            const params = {
              CallSid: 'CA' + randomBytes(16).toString('hex'),
              From: '+15125550142',
              To: '+15125550100',
              Direction: 'inbound',
              AccountSid: env.TWILIO_ACCOUNT_SID,
            };
            const sig = twilio.getExpectedTwilioSignature(token, 'https://leadline.bench/twilio/voice', params);
            return {
              ...req,
              body: new URLSearchParams(params).toString(),
              headers: {
                ...req.headers,
                'content-type': 'application/x-www-form-urlencoded',
                'x-twilio-signature': sig,
              },
            };
          },
        },
      ],
    });
  console.log('| stack (static TwiML) | server CPU µs/request | req/s |\n|---|---|---|');
  for (const [name, url] of Object.entries(urls)) {
    await load(url, 1);
    const before = cpuSeconds();
    const r = summary(await load(url, seconds));
    console.log(`| ${name} | ${Math.round(((cpuSeconds() - before) / (r.rps * seconds)) * 1e6)} | ${r.rps} |`);
  }
  child.kill('SIGTERM');
  await once(child, 'exit');
}
