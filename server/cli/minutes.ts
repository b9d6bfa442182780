import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import type { Command } from './command.ts';
import { withDatabase } from './database.ts';
import type { Db } from '../db/client.ts';
import { rearmUsageAlerts } from '../billing/alerts.ts';
import { record } from '../billing/ledger.ts';

const grantArgs = z.object({
  business: z.uuid('must be a business id (uuid)'),
  minutes: z.coerce
    .number()
    .int('must be a whole number')
    .refine((n) => n !== 0, 'must not be 0')
    .refine((n) => Math.abs(n) <= 1_000_000, 'is too large'),
  note: z.string().max(500).optional(),
});

export type GrantArgs = z.output<typeof grantArgs>;

/**
 * An operator's ledger entry (self-hosted mode, corrections, goodwill): one adjustment plus its audit row,
 * together. Negative minutes take time away; the balance may go below zero that way, and the next call
 * is then simply not answered by the AI.
 */
export async function operatorGrant(db: Db, a: GrantArgs, operator: string): Promise<{ balanceSeconds: number }> {
  return db.$transaction(async (tx) => {
    const b = await tx.business.findUnique({ where: { id: a.business }, select: { id: true } });
    if (!b) throw new Error(`no business with id ${a.business}`);
    const key = `adjustment:${randomUUID()}`;
    await record(tx, { businessId: b.id, kind: 'adjustment', seconds: a.minutes * 60, key, note: a.note ?? null });
    if (a.minutes > 0) await rearmUsageAlerts(tx, b.id);
    await audit(tx, {
      action: 'minutes.granted',
      businessId: b.id,
      target: key,
      meta: { minutes: a.minutes, note: a.note ?? null, operator },
    });
    const after = await tx.business.findUniqueOrThrow({ where: { id: b.id }, select: { secondsBalance: true } });
    return { balanceSeconds: after.secondsBalance };
  });
}

export const minutesCommand: Command = {
  name: 'minutes',
  usage: 'minutes grant --business ID --minutes N [--note TEXT]',
  summary: "Add (or, with a negative N, take away) minutes on a business's ledger; audited",
  options: {
    help: { type: 'boolean', short: 'h' },
    business: { type: 'string' },
    minutes: { type: 'string' },
    note: { type: 'string' },
  },
  async run(v, positionals) {
    if (positionals[0] !== 'grant')
      throw new Error(`unknown sub-command "${positionals[0] ?? ''}"; usage: leadline ${this.usage}`);
    const args = grantArgs.parse({ business: v.business, minutes: v.minutes, note: v.note });
    return withDatabase(async (db) => {
      const { balanceSeconds } = await operatorGrant(db, args, `cli:${os.userInfo().username}`);
      console.log(
        JSON.stringify({
          business: args.business,
          minutes: args.minutes,
          balanceSeconds,
          balanceMinutes: Math.floor(balanceSeconds / 60),
        }),
      );
    });
  },
};
