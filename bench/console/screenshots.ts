/**
 * `npm run screenshots`: the README's pictures of the console, taken from a seeded demo business so they
 * stay current. An embedded PostgreSQL, the real app on loopback, the shipped sample calls run through
 * the real post-call path (offline extraction: no OpenAI key), a dispatcher's note; then Chromium logs in
 * and writes docs/screenshots/inbox.png and call.png.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../server/app.ts';
import { consentPrompt } from '../../server/calls/consent.ts';
import { createBusiness } from '../../server/businesses/service.ts';
import { loadConfig } from '../../server/config.ts';
import { createTestCall, loadSamples } from '../../server/console/test-call.ts';
import { createDb } from '../../server/db/client.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { applyMigrations } from '../../server/db/migrate.ts';
import { migrateJobs } from '../../server/jobs/worker.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { createLogger } from '../../server/log.ts';
import { appContext } from '../../server/runtime.ts';
import { HAS_CHROMIUM, launchChromium } from '../../testkit/chromium.ts';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');
if (!HAS_CHROMIUM) throw new Error('Chromium is needed (apt-get install -y chromium)');

const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-screenshots-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
await applyMigrations(pg.url);
await migrateJobs(pg.url);
const config = loadConfig({
  NODE_ENV: 'production',
  TRUST_PROXY: '0',
  MAIL_DEV_OUTBOX: 'true',
  LOG_LEVEL: 'silent',
  DATABASE_URL: pg.url,
  DATA_DIR: dir,
  ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  JWT_SECRET: 'screenshots-secret-screenshots-secret-0000',
  PUBLIC_BASE_URL: 'http://127.0.0.1',
});
const db = createDb(pg.url, { max: 5 });
const ctx = appContext(config, db, createLogger('silent'));
const server = buildApp(ctx).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

// The demo business and its owner.
const email = 'rosa@rapidrooter.example';
const password = 'correct horse battery staple';
await fetch(url + '/api/v1/auth/signup', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email, password, name: 'Rosa Alvarez' }),
});
const owner = await db.account.update({ where: { email }, data: { emailVerifiedAt: new Date() } });
const business = await createBusiness(db, {
  name: 'Rapid Rooter Plumbing',
  industry: 'plumbing',
  timezone: 'America/Chicago',
  services: ['drain cleaning', 'sewer backup', 'water heater repair', 'leak repair', 'electrical repair'],
  weeklyHours: {
    mon: [['08:00', '17:00']],
    tue: [['08:00', '17:00']],
    wed: [['08:00', '17:00']],
    thu: [['08:00', '17:00']],
    fri: [['08:00', '17:00']],
  },
});
await db.membership.create({ data: { accountId: owner.id, businessId: business.id, role: 'owner' } });

// Every shipped sample call, through the real post-call path, spread over the last hours.
const samples = await loadSamples();
const callIds: string[] = [];
for (const [i, s] of samples.entries()) {
  const id = await createTestCall(db, business.id, s);
  const startedAt = new Date(Date.now() - (i * 47 + 6) * 60_000);
  await db.call.update({ where: { id }, data: { startedAt, answeredAt: startedAt, endReason: 'completed' } });
  // The words a real caller hears, rather than the simulation's marker.
  await db.consentRecord.updateMany({
    where: { callId: id },
    data: { promptText: consentPrompt(business), answeredAt: startedAt },
  });
  await processCall(ctx, id);
  callIds.push(id);
}
const first = callIds[0]!;
await db.callNote.create({
  data: {
    businessId: business.id,
    callId: first,
    authorId: owner.id,
    body: 'Called back at 9:40, Mike is on his way with the camera.',
  },
});
for (const id of callIds.slice(3))
  await db.call.update({ where: { id }, data: { handledAt: new Date(), handledById: owner.id } });

// Chromium: log in, the inbox, then the first call.
mkdirSync(OUT, { recursive: true });
const browser = await launchChromium();
const page = await (
  await browser.newContext({ viewport: { width: 1200, height: 820 }, colorScheme: 'light' })
).newPage();
await page.goto(url + '/app/login');
await page.locator('wa-input[name=email] input').fill(email);
await page.locator('wa-input[name=password] input').fill(password);
await page.locator('wa-input[name=password] input').press('Enter');
await page.waitForURL(/\/app\/inbox/);
await page
  .locator('ll-inbox-page li')
  .nth(samples.length - 1)
  .waitFor();
await page.waitForTimeout(500); // Web Awesome's fade-ins
await page.screenshot({ path: path.join(OUT, 'inbox.png') });
await page.goto(`${url}/app/calls/${first}`);
await page.getByText('Mike is on his way').waitFor();
await page.waitForTimeout(500);
await page.screenshot({ path: path.join(OUT, 'call.png'), fullPage: true });
console.log(`wrote ${path.join(OUT, 'inbox.png')} and call.png`);

await browser.close();
server.close();
await db.$disconnect();
await pg.stop();
process.exit(0);
