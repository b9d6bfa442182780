/**
 * The server under test, in its own process: the real app on a fresh embedded PostgreSQL, plus a bare
 * Express app returning static TwiML (the floor the voice webhook is compared with). Prints READY {json}.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { buildApp } from '../../server/app.ts';
import { createBusiness } from '../../server/businesses/service.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/client.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { applyMigrations } from '../../server/db/migrate.ts';
import { migrateJobs } from '../../server/jobs/worker.ts';
import { createLogger } from '../../server/log.ts';
import { appContext } from '../../server/runtime.ts';
import { signAccessToken } from '../../server/auth/tokens.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
await applyMigrations(pg.url);
await migrateJobs(pg.url);
const config = loadConfig({
  ...process.env,
  DATABASE_URL: pg.url,
  DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
  TRUST_PROXY: '0', // clients connect directly
  MAIL_DEV_OUTBOX: 'true', // the bench sends no mail; production's SMTP requirement is not what it measures
  PUBLIC_BASE_URL: 'https://leadline.bench',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
});
const db = createDb(pg.url, { max: 20 });
const log = createLogger('silent');
const ctx = appContext(config, db, log);
const app = buildApp(ctx).listen(0, '127.0.0.1');
await new Promise((r) => app.once('listening', r));

const account = await db.account.create({ data: { email: 'bench@example.com', passwordHash: 'x' } });
const phone = '+15125550100';
const business = await createBusiness(db, {
  name: 'Bench Plumbing',
  services: ['drain cleaning'],
  phone,
  ownerAccountId: account.id,
});

const bare = express();
const staticTwiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say></Response>';
bare.post(
  '/twilio/voice',
  express.urlencoded({ extended: false }),
  (_req, res) => void res.type('text/xml').send(staticTwiml),
);
const bareServer = bare.listen(0, '127.0.0.1');
await new Promise((r) => bareServer.once('listening', r));

console.log(
  'READY ' +
    JSON.stringify({
      url: `http://127.0.0.1:${(app.address() as { port: number }).port}`,
      bareUrl: `http://127.0.0.1:${(bareServer.address() as { port: number }).port}`,
      token: await signAccessToken(config.jwtSecret, account.id),
      businessId: business.id,
      phone,
      // The retention bench seeds and sweeps this database beside the running app.
      dbUrl: pg.url,
    }),
);
process.on('SIGTERM', async () => {
  app.closeAllConnections();
  bareServer.closeAllConnections();
  await db.$disconnect();
  await pg.stop();
  process.exit(0);
});
