/**
 * The server under test, in its own process: the real app on a fresh embedded PostgreSQL, plus a bare
 * Express app returning static TwiML (the floor the voice webhook is compared with). Prints READY {json}.
 */
import { benchDatabase } from '../lib/database.ts';
import express from 'express';
import { buildApp } from '../../server/app.ts';
import { createBusiness } from '../../server/businesses/service.ts';
import { createDb } from '../../server/db/client.ts';
import { createLogger } from '../../server/log.ts';
import { appContext } from '../../server/runtime.ts';
import { signAccessToken } from '../../server/auth/tokens.ts';

const { pg, config } = await benchDatabase('leadline-bench-');
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
