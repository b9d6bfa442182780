/**
 * A campaign's report: dials by outcome, minutes used (the ledger's usage rows of its calls), conversion,
 * and the calls with links to their transcript and recording. The row mapping and the CSV are pure.
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { recordingPageUrl, recordingPlayable } from '../calls/recording-link.ts';
import type { Db } from '../db/client.ts';
import { OUTCOMES } from './schema.ts';

/** Outcomes a person was reached with; conversion is interested + booked among them. */
const REACHED = new Set(['connected', 'interested', 'booked', 'not_interested', 'opted_out']);
const CONVERTED = new Set(['interested', 'booked']);

export const reportCallView = z.object({
  dialId: z.uuid(),
  attempt: z.number(),
  phone: z.string(),
  contactName: z.string().nullable(),
  status: z.string(),
  outcome: z.string().nullable(),
  answeredBy: z.string().nullable(),
  seconds: z.number().nullable(),
  startedAt: z.string(),
  callId: z.uuid().nullable(),
  leadId: z.uuid().nullable(),
  transcriptUrl: z.string().nullable(),
  recordingUrl: z.string().nullable(),
});
export type ReportCall = z.output<typeof reportCallView>;

export const reportView = z.object({
  campaignId: z.uuid(),
  name: z.string(),
  status: z.string(),
  targets: z.number(),
  dials: z.number(),
  outcomes: z.record(z.string(), z.number()).describe('dials by outcome (every outcome listed, zero included)'),
  minutesUsed: z.number().describe("whole minutes charged to the business's ledger for the campaign's calls"),
  reached: z.number().describe('dials that reached a person'),
  conversion: z.number().describe('(interested + booked) / reached, 0 when none was reached'),
  calls: z.array(reportCallView).describe('the most recent calls (at most 200); the CSV has them all'),
});

interface DialRow {
  id: string;
  attempt: number;
  status: string;
  outcome: string | null;
  answeredBy: string | null;
  seconds: number | null;
  createdAt: Date;
  callId: string | null;
  target: { phone: string; contact: { name: string | null } };
  call: {
    leadId: string | null;
    recordingSid: string | null;
    mode: string;
    consent: { outcome: string } | null;
    transcriptCount: number;
  } | null;
}

/** Pure: one dial as a report row, links only to what exists (a transcript kept, a playable recording). */
export function reportCallOf(d: DialRow, base: string): ReportCall {
  return {
    dialId: d.id,
    attempt: d.attempt,
    phone: d.target.phone,
    contactName: d.target.contact.name,
    status: d.status,
    outcome: d.outcome,
    answeredBy: d.answeredBy,
    seconds: d.seconds,
    startedAt: d.createdAt.toISOString(),
    callId: d.callId,
    leadId: d.call?.leadId ?? null,
    transcriptUrl: d.callId && d.call?.transcriptCount ? `${base}/api/v1/calls/${d.callId}` : null,
    recordingUrl: d.callId && d.call && recordingPlayable(d.call) ? recordingPageUrl(base, d.callId) : null,
  };
}

/** Pure: counts, conversion. */
export function summarise(outcomes: { outcome: string | null; n: number }[]) {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<string, number>;
  for (const o of outcomes) if (o.outcome) counts[o.outcome] = (counts[o.outcome] ?? 0) + o.n;
  const reached = Object.entries(counts).reduce((a, [k, v]) => a + (REACHED.has(k) ? v : 0), 0);
  const converted = Object.entries(counts).reduce((a, [k, v]) => a + (CONVERTED.has(k) ? v : 0), 0);
  return { outcomes: counts, reached, conversion: reached ? Math.round((converted / reached) * 1000) / 1000 : 0 };
}

export async function dialRows(db: Db, campaignId: string, take?: number): Promise<DialRow[]> {
  const rows = await db.campaignDial.findMany({
    where: { campaignId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(take ? { take } : {}),
    include: { target: { select: { phone: true, contact: { select: { name: true } } } } },
  });
  const callIds = rows.flatMap((r) => (r.callId ? [r.callId] : []));
  const calls = await db.call.findMany({
    where: { id: { in: callIds } },
    select: {
      id: true,
      leadId: true,
      recordingSid: true,
      mode: true,
      consent: { select: { outcome: true } },
      _count: { select: { segments: true } },
    },
  });
  const byId = new Map(calls.map((c) => [c.id, c]));
  return rows.map((r) => {
    const c = r.callId ? byId.get(r.callId) : undefined;
    return {
      ...r,
      call: c
        ? {
            leadId: c.leadId,
            recordingSid: c.recordingSid,
            mode: c.mode,
            consent: c.consent,
            transcriptCount: c._count.segments,
          }
        : null,
    };
  });
}

export async function campaignReport(db: Db, c: { id: string; name: string; status: string }, base: string) {
  const [targets, grouped, usage, rows] = await Promise.all([
    db.campaignTarget.count({ where: { campaignId: c.id } }),
    db.campaignDial.groupBy({ by: ['outcome'], where: { campaignId: c.id }, _count: { _all: true } }),
    db.$queryRaw<{ seconds: number }[]>`
      select coalesce(-sum(m."seconds"), 0)::int as "seconds" from "MinuteEntry" m
      join "Call" k on k."id" = m."callId" join "CampaignDial" d on d."id" = k."campaignDialId"
      where d."campaignId" = ${c.id}::uuid and m."kind" = 'usage'`,
    dialRows(db, c.id, 200),
  ]);
  const s = summarise(grouped.map((g) => ({ outcome: g.outcome, n: g._count._all })));
  return {
    campaignId: c.id,
    name: c.name,
    status: c.status,
    targets,
    dials: grouped.reduce((a, g) => a + g._count._all, 0),
    ...s,
    minutesUsed: Math.round((usage[0]?.seconds ?? 0) / 60),
    calls: rows.map((r) => reportCallOf(r, base)),
  };
}

const COLUMNS = [
  'dialId',
  'attempt',
  'phone',
  'contactName',
  'status',
  'outcome',
  'answeredBy',
  'seconds',
  'startedAt',
  'callId',
  'leadId',
  'transcriptUrl',
  'recordingUrl',
] as const;

/** Pure: the calls as CSV; cells a spreadsheet would run as a formula (=, +, -, @) are prefixed with '. */
export function reportCsv(calls: ReportCall[]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /^[=+\-@\t\r]/.test(s) && !/^\+\d+$/.test(s) ? `'${s}` : s;
  };
  return stringify(
    calls.map((c) => COLUMNS.map((k) => cell(c[k]))),
    { header: true, columns: [...COLUMNS] },
  );
}
