/**
 * `leadline retention run [--business ID] [--dry-run]`: the retention sweep, run here and now (no server
 * needed), printing what it deleted (or, dry, would delete).
 * `leadline privacy request --business ID --type export|erase [--phone P] [--email E]`: a data-subject
 * request, run to the end here (its job runs in this process), printing its status per system.
 */
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { runDueJobs } from '../jobs/worker.ts';
import { createPrivacyRequest } from '../privacy/requests.ts';
import { runRetention } from '../privacy/retention.ts';
import { privacyTasks } from '../privacy/tasks.ts';
import { prepare } from '../runtime.ts';
import type { Command } from './command.ts';

const retentionArgs = z.object({
  business: z.uuid('must be a business id (uuid)').optional(),
  'dry-run': z.boolean().optional(),
});

export const retentionCommand: Command = {
  name: 'retention',
  usage: 'retention run [--business ID] [--dry-run]',
  summary: 'Delete what is past retention now (all businesses, or one); --dry-run only counts',
  options: { help: { type: 'boolean', short: 'h' }, business: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(v, positionals) {
    if (positionals[0] !== 'run')
      throw new Error(`unknown sub-command "${positionals[0] ?? ''}"; usage: leadline ${this.usage}`);
    const args = retentionArgs.parse(v);
    const { ctx, database } = await prepare();
    try {
      const report = await runRetention(ctx, {
        ...(args.business ? { businessId: args.business } : {}),
        dryRun: Boolean(args['dry-run']),
        onBatch: (step, rows) => console.log(`${args['dry-run'] ? 'would delete' : 'deleted'} ${rows} ${step}`),
      });
      if (!args['dry-run'])
        await audit(ctx.db, {
          action: 'retention.run',
          businessId: args.business ?? null,
          meta: { counts: report.counts },
        });
      console.log(JSON.stringify({ dryRun: Boolean(args['dry-run']), ...report }, null, 2));
      return report.recordingsLeft ? 1 : 0;
    } finally {
      await ctx.db.$disconnect();
      await database.stop();
    }
  },
};

const requestArgs = z
  .object({
    business: z.uuid('must be a business id (uuid)'),
    type: z.enum(['export', 'erase']),
    phone: z.string().optional(),
    email: z.email().optional(),
  })
  .refine((a) => a.phone || a.email, 'give --phone or --email');

export const privacyCommand: Command = {
  name: 'privacy',
  usage: 'privacy request --business ID --type export|erase [--phone +E164] [--email ADDRESS]',
  summary: "Export or erase one person's data (database, Twilio recordings, connected CRMs); waits for it",
  options: {
    help: { type: 'boolean', short: 'h' },
    business: { type: 'string' },
    type: { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  async run(v, positionals) {
    if (positionals[0] !== 'request')
      throw new Error(`unknown sub-command "${positionals[0] ?? ''}"; usage: leadline ${this.usage}`);
    const a = requestArgs.parse(v);
    const { ctx, database } = await prepare();
    try {
      const { id } = await createPrivacyRequest(ctx, {
        businessId: a.business,
        type: a.type,
        phone: a.phone ?? null,
        email: a.email ?? null,
        requestedBy: null,
      });
      for (;;) {
        await runDueJobs(ctx, database.url, [privacyTasks]);
        const r = await ctx.db.privacyRequest.findUniqueOrThrow({ where: { id } });
        if (r.status === 'done' || r.status === 'failed') {
          console.log(JSON.stringify({ id, status: r.status, systems: r.systems }, null, 2));
          if (r.type === 'export' && r.exportJson) console.log(JSON.stringify(r.exportJson, null, 2));
          return r.status === 'done' ? 0 : 1;
        }
        await new Promise((res) => setTimeout(res, 1000));
      }
    } finally {
      await ctx.db.$disconnect();
      await database.stop();
    }
  },
};
