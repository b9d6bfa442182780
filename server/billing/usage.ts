import { afterCursor } from '../http/pagination.ts';
import type { Db } from '../db/client.ts';

export interface UsageQuery {
  from?: Date;
  to?: Date;
  limit: number;
  /** Where the previous page ended (server/http/pagination.ts). */
  cursor?: string;
}

/** Ledger entries, newest first, with the call each usage entry is for. */
export async function usageEntries(db: Db, businessId: string, q: UsageQuery) {
  const entries = await db.minuteEntry.findMany({
    where: {
      businessId,
      createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) },
      ...afterCursor(q.cursor, 'desc'),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit,
  });
  const callIds = entries.map((e) => e.callId).filter((x): x is string => x !== null);
  const calls = callIds.length
    ? await db.call.findMany({
        where: { id: { in: callIds } },
        select: { id: true, from: true, to: true, direction: true, startedAt: true, durationSeconds: true },
      })
    : [];
  const byId = new Map(calls.map((c) => [c.id, c]));
  return entries.map((e) => {
    const c = e.callId ? byId.get(e.callId) : undefined;
    return {
      id: e.id,
      at: e.createdAt.toISOString(),
      kind: e.kind,
      seconds: e.seconds,
      note: e.note,
      call: c
        ? {
            id: c.id,
            direction: c.direction,
            from: c.from,
            to: c.to,
            startedAt: c.startedAt.toISOString(),
            durationSeconds: c.durationSeconds,
          }
        : null,
    };
  });
}

export type UsageRow = Awaited<ReturnType<typeof usageEntries>>[number];

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote when needed, and defuse spreadsheet formulas in text that came from outside (caller numbers, notes).
  // Plain numbers (and E.164 phone numbers) cannot be formulas and stay as they are.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function usageCsv(rows: UsageRow[]): string {
  const head = [
    'at',
    'kind',
    'seconds',
    'minutes',
    'call_id',
    'direction',
    'from',
    'to',
    'call_started_at',
    'call_duration_seconds',
    'note',
  ];
  const lines = rows.map((r) =>
    [
      r.at,
      r.kind,
      r.seconds,
      r.seconds / 60,
      r.call?.id,
      r.call?.direction,
      r.call?.from,
      r.call?.to,
      r.call?.startedAt,
      r.call?.durationSeconds,
      r.note,
    ]
      .map(cell)
      .join(','),
  );
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
