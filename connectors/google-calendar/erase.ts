/**
 * Erasure in Google Calendar: the events Leadline created for the person's leads (ledger `lead:event`) are
 * deleted (events.delete, no notifications sent). An event already deleted (404/410) counts as deleted.
 */
import type { ErasureRecord, ErasureResult } from '../types.ts';
import type { CalendarClient } from './client.ts';

const GONE = (s: number) => s === 404 || s === 410;

export async function eraseInCalendar(
  client: CalendarClient,
  calendarId: string,
  records: ErasureRecord[],
): Promise<ErasureResult> {
  const events = new Set(records.filter((r) => r.kind === 'lead:event').map((r) => r.externalId));
  for (const eventId of events) {
    try {
      await client.call((api) => api.events.delete({ calendarId, eventId, sendUpdates: 'none' }), GONE);
    } catch (err) {
      if (!GONE((err as { status?: number }).status ?? 0)) throw err;
    }
  }
  return { deleted: { event: events.size } };
}
