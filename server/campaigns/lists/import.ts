/**
 * A lead list from a CSV upload, in one transaction: the list row, then contacts in batches as the file is
 * read (never the whole body in memory; spooled to a temporary file first, see csv-source.ts), then the
 * counts and the audit row. Any failure — a malformed line,
 * the row limit, a dropped connection — rolls everything back: a list exists only complete.
 *
 * Numbers on the business's or the platform's do-not-call list (or that texted STOP) are refused, not
 * imported as blocked: a list is what the business may call, and a contact that can never be dialled would
 * only inflate it. The dialler still checks every number again at dial time (lists change while a
 * campaign runs), so nothing depends on this import-time check alone.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { audit } from '../../auth/audit.ts';
import type { AppContext } from '../../context.ts';
import type { Tx } from '../../db/client.ts';
import { Problem } from '../../http/problem.ts';
import { dialBlocks } from '../do-not-call.ts';
import { csvRecords, spoolUpload } from './csv-source.ts';
import { type Contact, columnIndex, mapRow, type RejectReason } from './row.ts';
import type { ImportQuery } from './schemas.ts';
import { columnMapOf } from './schemas.ts';
import { zoneOfNumber } from './time-zone.ts';

const BATCH = 1000;
/** Raw values kept per refused row (for rejected.csv), each cut to this: a report, not a second copy. */
const KEPT_VALUE = 2000;

export interface StoredReject {
  row: number;
  reason: RejectReason;
  detail: string;
  /** E.164 when the number was readable: erasure finds the person's refused rows by it */
  phone?: string;
  values: string[];
}

interface Pending {
  row: number;
  contact: Contact;
  values: string[];
}

const tooMany = (max: number) =>
  new Problem(413, 'too-large', 'Payload too large', `A list holds at most ${max.toLocaleString('en-US')} rows`, {
    maxRows: max,
  });

export async function importLeadList(
  ctx: AppContext,
  p: { businessId: string; accountId: string; ip: string | null; query: ImportQuery; body: IncomingMessage },
) {
  const max = ctx.config.LEAD_LIST_MAX_ROWS;
  const map = columnMapOf(p.query);
  // About 1 KB a row on average at most: a bigger file cannot be a list of this many rows.
  const spool = await spoolUpload(p.body, max * 1024);
  const source = csvRecords(createReadStream(spool.file));
  try {
    return await ctx.db.$transaction(
      async (tx) => {
        const list = await tx.leadList.create({
          data: {
            businessId: p.businessId,
            name: p.query.name,
            defaultCountry: p.query.defaultCountry,
            consentBasis: p.query.consentBasis,
            columnMap: map as object,
            createdById: p.accountId,
          },
        });
        const rejected: StoredReject[] = [];
        const seen = new Set<string>();
        let batch: Pending[] = [];
        let headers: string[] | null = null;
        let cols: ReturnType<typeof columnIndex> | null = null;
        let rows = 0;
        let accepted = 0;
        const flush = async () => {
          if (!batch.length) return;
          accepted += await insertBatch(ctx, tx, list.id, p.businessId, p.query.consentBasis, batch, rejected);
          batch = [];
        };
        for await (const record of source.records) {
          if (!headers) {
            headers = record.map((h) => h.trim());
            cols = columnIndex(headers, map);
            if (cols.missing.length)
              throw new Problem(
                422,
                'validation',
                'Invalid request',
                `The file has no column ${cols.missing.map((m) => JSON.stringify(m)).join(', ')}`,
                {
                  errors: cols.missing.map((m) => ({ path: 'query', message: `no column ${JSON.stringify(m)}` })),
                  headers,
                },
              );
            continue;
          }
          rows += 1;
          if (rows > max) throw tooMany(max);
          const row = rows + 1;
          const values = record.map((v) => v.slice(0, KEPT_VALUE));
          const r = mapRow(record, headers.length, cols!, p.query.defaultCountry);
          if (!r.ok) {
            rejected.push({ row, reason: r.reason, detail: r.detail, values });
            continue;
          }
          if (seen.has(r.contact.phone)) {
            rejected.push({
              row,
              reason: 'duplicate',
              detail: `${r.contact.phone} is already on this list`,
              phone: r.contact.phone,
              values,
            });
            continue;
          }
          seen.add(r.contact.phone);
          batch.push({ row, contact: r.contact, values });
          if (batch.length >= BATCH) await flush();
        }
        if (!headers)
          throw new Problem(422, 'validation', 'Invalid request', 'The file is empty: it needs a header row');
        await flush();
        rejected.sort((a, b) => a.row - b.row);
        const duplicates = rejected.filter((r) => r.reason === 'duplicate').length;
        const done = await tx.leadList.update({
          where: { id: list.id },
          data: {
            rowCount: rows,
            acceptedCount: accepted,
            duplicateCount: duplicates,
            rejectedCount: rejected.length - duplicates,
            headers: headers,
            rejected: rejected as unknown as object,
          },
        });
        await audit(tx, {
          action: 'lead_list.imported',
          accountId: p.accountId,
          businessId: p.businessId,
          target: list.id,
          meta: { rows, accepted, duplicates, rejected: rejected.length - duplicates },
          ip: p.ip,
        });
        return done;
      },
      { timeout: 10 * 60_000, maxWait: 10_000 },
    );
  } finally {
    source.stop();
    await spool.remove();
  }
}

/** Refuses do-not-call numbers, looks up zones, writes the rest. Returns how many were written. */
async function insertBatch(
  ctx: AppContext,
  tx: Tx,
  listId: string,
  businessId: string,
  consentBasis: ImportQuery['consentBasis'],
  batch: Pending[],
  rejected: StoredReject[],
): Promise<number> {
  const blocked = await dialBlocks(
    tx,
    businessId,
    batch.map((b) => b.contact.phone),
    ctx.config.jwtSecret,
  );
  const keep: Pending[] = [];
  for (const b of batch) {
    const why = blocked.get(b.contact.phone);
    if (why)
      rejected.push({
        row: b.row,
        reason: 'do_not_call',
        detail:
          why === 'sms_stop'
            ? 'the number opted out by SMS (STOP)'
            : why === 'platform_do_not_call'
              ? "on the platform's do-not-call list"
              : "on the business's do-not-call list",
        phone: b.contact.phone,
        values: b.values,
      });
    else keep.push(b);
  }
  if (!keep.length) return 0;
  const zones = await Promise.all(keep.map((b) => zoneOfNumber(b.contact.phone)));
  // One statement over arrays (unnest): Prisma's createMany builds and plans a query of 11 parameters per
  // row, which at 100,000 rows costs far more time and memory than the rows themselves.
  const col = <T>(f: (b: Pending, i: number) => T) => keep.map(f);
  const count = await tx.$executeRaw`
    insert into "ListContact" ("id", "listId", "businessId", "phone", "name", "email", "company", "notes", "fields",
      "consentBasis", "timeZone", "row")
    select gen_random_uuid(), ${listId}::uuid, ${businessId}::uuid, t.phone, t.name, t.email, t.company, t.notes,
      t.fields::jsonb, ${consentBasis}::"ConsentBasis", t.zone, t.row
    from unnest(${col((b) => b.contact.phone)}::text[], ${col((b) => b.contact.name)}::text[],
      ${col((b) => b.contact.email)}::text[], ${col((b) => b.contact.company)}::text[],
      ${col((b) => b.contact.notes)}::text[], ${col((b) => JSON.stringify(b.contact.fields))}::text[],
      ${col((_b, i) => zones[i] ?? null)}::text[], ${col((b) => b.row)}::int[])
      as t(phone, name, email, company, notes, fields, zone, row)`;
  return count;
}
