import { loadConfig } from '../config.ts';
import { createBusinessBody, e164 } from '../businesses/schema.ts';
import { createBusiness } from '../businesses/service.ts';
import { openDatabase } from '../db/database.ts';
import { applyMigrations } from '../db/migrate.ts';
import { migrateJobs } from '../jobs/worker.ts';
import { start } from '../runtime.ts';
import { dncCommand } from './do-not-call.ts';
import { minutesCommand } from './minutes.ts';
import { privacyCommand, retentionCommand } from './privacy.ts';
import { backfillCommand } from './backfill.ts';
import { extractCommand, simulateCallCommand } from './call-commands.ts';
import type { Command } from './command.ts';
import { withDatabase } from './database.ts';

const help = { help: { type: 'boolean', short: 'h' } } as const;

/** Runs a long-lived runtime until SIGINT/SIGTERM. */
async function serveUntilSignal(opts: { web: boolean; worker: boolean }) {
  const rt = await start(opts);
  if (rt.url) console.log(`Leadline listening on ${rt.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await rt.stop();
}

export const commands: Command[] = [
  {
    name: 'migrate',
    usage: 'migrate',
    summary: 'Apply pending database migrations',
    options: help,
    async run() {
      const config = loadConfig(process.env, () => {});
      const handle = await openDatabase(config);
      try {
        const applied = await applyMigrations(handle.url);
        await migrateJobs(handle.url);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await handle.stop();
      }
    },
  },
  {
    name: 'serve',
    usage: 'serve [--no-worker]',
    summary: 'Run the HTTP server (and the job worker unless --no-worker)',
    options: { ...help, 'no-worker': { type: 'boolean' } },
    run: (v) => serveUntilSignal({ web: true, worker: !v['no-worker'] }),
  },
  {
    name: 'worker',
    usage: 'worker',
    summary: 'Run job workers only',
    options: help,
    run: () => serveUntilSignal({ web: false, worker: true }),
  },
  {
    name: 'create-business',
    usage: 'create-business --name NAME --phone +E164 [--timezone TZ] [--services "a,b"] [--owner-email E]',
    summary: 'Create a business with its Twilio number; prints JSON with id and publicKey',
    options: {
      ...help,
      name: { type: 'string' },
      phone: { type: 'string' },
      timezone: { type: 'string' },
      services: { type: 'string' },
      'owner-email': { type: 'string' },
      country: { type: 'string' },
    },
    async run(v) {
      const input = createBusinessBody.parse({
        name: v.name,
        ...(v.timezone ? { timezone: v.timezone } : {}),
        ...(v.country ? { country: v.country } : {}),
        ...(v.services
          ? {
              services: String(v.services)
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            }
          : {}),
      });
      const phone = e164.parse(v.phone);
      return withDatabase(async (db) => {
        let ownerAccountId: string | undefined;
        if (v['owner-email']) {
          const owner = await db.account.findUnique({ where: { email: String(v['owner-email']).toLowerCase() } });
          if (!owner) throw new Error(`no account with e-mail ${v['owner-email']}: sign up first`);
          ownerAccountId = owner.id;
        }
        const b = await createBusiness(db, { ...input, phone, ownerAccountId });
        console.log(
          JSON.stringify(
            { id: b.id, name: b.name, phone, timezone: b.timezone, services: b.services, publicKey: b.widgetPublicKey },
            null,
            2,
          ),
        );
      });
    },
  },
  extractCommand,
  simulateCallCommand,
  backfillCommand,
  minutesCommand,
  retentionCommand,
  privacyCommand,
  dncCommand,
];
