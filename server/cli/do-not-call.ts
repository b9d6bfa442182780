/**
 * `leadline dnc add|remove|list`: the platform's do-not-call list, which every business's campaigns honour.
 * Platform operators only, which here means whoever runs the CLI against the database (no API route can
 * touch the platform list). Each change is audited with the operator's name.
 */
import os from 'node:os';
import { z } from 'zod';
import { audit } from '../auth/audit.ts';
import { addManyToDoNotCall } from '../campaigns/do-not-call.ts';
import { normalizePhone } from '../crypto/subject-hash.ts';
import type { Db } from '../db/client.ts';
import type { Command } from './command.ts';
import { withDatabase } from './database.ts';

const phoneArg = z.string({ error: '--phone is required' }).transform((p, c) => {
  const e164 = normalizePhone(p, 'US');
  if (!e164)
    c.addIssue({ code: 'custom', message: `--phone ${p}: not a phone number (write it as +<country><number>)` });
  return e164 ?? '';
});

export async function platformDnc(
  db: Db,
  op: 'add' | 'remove' | 'list',
  a: { phone?: string; note?: string },
  operator: string,
) {
  if (op === 'list') {
    const rows = await db.doNotCall.findMany({
      where: { businessId: null, ...(a.phone ? { phone: a.phone } : {}) },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => ({ phone: r.phone, note: r.note, at: r.createdAt.toISOString() }));
  }
  const phone = a.phone!;
  return db.$transaction(async (tx) => {
    const changed =
      op === 'add'
        ? await addManyToDoNotCall(tx, { businessId: null, phones: [phone], source: 'platform', note: a.note })
        : (await tx.doNotCall.deleteMany({ where: { businessId: null, phone } })).count;
    if (changed)
      await audit(tx, {
        action: op === 'add' ? 'do_not_call.platform_added' : 'do_not_call.platform_removed',
        target: phone,
        meta: { operator, note: a.note ?? null },
      });
    return { phone, [op === 'add' ? 'added' : 'removed']: changed > 0 };
  });
}

export const dncCommand: Command = {
  name: 'dnc',
  usage: 'dnc add|remove --phone E164 [--note TEXT] | dnc list [--phone E164]',
  summary: "The platform's do-not-call list (every business's campaigns honour it); audited",
  options: {
    help: { type: 'boolean', short: 'h' },
    phone: { type: 'string' },
    note: { type: 'string' },
  },
  async run(v, positionals) {
    const op = positionals[0];
    if (op !== 'add' && op !== 'remove' && op !== 'list')
      throw new Error(`unknown sub-command "${op ?? ''}"; usage: leadline ${this.usage}`);
    const phone = op === 'list' && v.phone === undefined ? undefined : phoneArg.parse(v.phone);
    const note = z.string().max(500).optional().parse(v.note);
    return withDatabase(async (db) => {
      const out = await platformDnc(db, op, { phone, note }, `cli:${os.userInfo().username}`);
      console.log(JSON.stringify(out));
    });
  },
};
