/**
 * Calendar helpers for the assistant's live-call tools. They run while a caller waits, so failures answer
 * null ("calendar unavailable") instead of throwing; a dead grant still parks the connection.
 *
 * A booking made during the call has no lead yet: the event is written for the call (pseudo lead id = the
 * call id). When the call's lead is enqueued, its connections adopt the ledger rows recorded for the call
 * (see adoptCallEntities in outbox.ts), so the post-call sync updates that same event instead of booking a second one.
 */
import type { BusyInterval, LeadPayload, SyncContext } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { connectionLostAuth } from './connection-state.ts';
import { businessPayload } from './payloads.ts';
import { findConnector, findManifest, providersWith } from './registry.ts';
import { syncContextFor } from './sync-context.ts';

/** The business's active connection to a provider with the `calendar` capability (the oldest, if several). */
async function calendarOf(ctx: AppContext, businessId: string) {
  const conn = await ctx.db.connection.findFirst({
    where: { businessId, status: 'active', provider: { in: providersWith(ctx, 'calendar') } },
    orderBy: { createdAt: 'asc' },
  });
  const connector = conn ? findConnector(ctx, conn.provider) : null;
  return conn && connector ? { conn, connector, eventKey: findManifest(ctx, conn.provider)?.outcomeIds.event } : null;
}

async function guarded<T>(
  ctx: AppContext,
  conn: { id: string; businessId: string; provider: string; externalName: string | null },
  what: string,
  fn: () => Promise<T>,
): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'auth') await connectionLostAuth(ctx, conn, err.message);
    ctx.log.warn({ err, connectionId: conn.id }, `calendar ${what} failed`);
    return null;
  }
}

/** Busy intervals between two instants; null when no calendar is connected (or it cannot be read now). */
export async function checkAvailability(
  ctx: AppContext,
  businessId: string,
  range: { from: string; to: string },
): Promise<BusyInterval[] | null> {
  const found = await calendarOf(ctx, businessId);
  if (!found?.connector.freeBusy) return null;
  const { conn, connector } = found;
  return guarded(ctx, conn, 'free/busy', () =>
    connector.freeBusy!(syncContextFor(ctx, conn), {
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
    }),
  );
}

export interface Booking {
  eventId: string | null;
  start: string;
  end: string;
  deepLink: string | null;
}

const overlaps = (busy: BusyInterval[], start: number, end: number) =>
  busy.some((b) => Date.parse(b.start) < end && Date.parse(b.end) > start);

/**
 * Books a slot on the connected calendar. Null when there is no calendar, the slot is taken, or the
 * calendar cannot be written right now (the requested time stays on the call either way).
 */
export async function bookAppointment(
  ctx: AppContext,
  businessId: string,
  p: { leadId?: string; callId: string; start: string; durationMinutes: number; summary: string },
): Promise<Booking | null> {
  const found = await calendarOf(ctx, businessId);
  if (!found) return null;
  const { conn, connector, eventKey } = found;
  const start = Date.parse(p.start);
  const end = start + p.durationMinutes * 60_000;
  const base = syncContextFor(ctx, conn);
  if (connector.freeBusy) {
    const busy = await guarded(ctx, conn, 'free/busy', () =>
      connector.freeBusy!(base, { from: new Date(start).toISOString(), to: new Date(end).toISOString() }),
    );
    if (busy === null || overlaps(busy, start, end)) return null;
  }
  const [business, lead, call] = await Promise.all([
    ctx.db.business.findUniqueOrThrow({ where: { id: businessId } }),
    p.leadId ? ctx.db.lead.findFirst({ where: { id: p.leadId, businessId } }) : null,
    ctx.db.call.findFirst({ where: { id: p.callId, businessId } }),
  ]);
  const pseudo: LeadPayload = {
    id: lead?.id ?? p.callId,
    name: lead?.name ?? null,
    phone: lead?.phone ?? (call?.direction === 'outbound' ? call?.to : call?.from) ?? null,
    email: lead?.email ?? null,
    reason: p.summary,
    service: lead?.service ?? null,
    urgency: lead?.urgency ?? null,
    temperature: lead?.temperature ?? null,
    preferredTime: p.start,
    preferredTimeDateOnly: false,
    address: lead?.address ?? null,
    summary: p.summary,
    customFields: {},
    createdAt: new Date().toISOString(),
  };
  const sc: SyncContext = { ...base, settings: { ...base.settings, appointmentMinutes: p.durationMinutes } };
  const outcomes = await guarded(ctx, conn, 'booking', () =>
    connector.push(sc, [{ key: 'booking', lead: pseudo, call: null, business: businessPayload(business) }]),
  );
  // The event id the connector recorded is only buffered (flushed before its next request, and there is
  // none). Written now, adoptCallEntities finds it when the lead is enqueued and the post-call sync updates
  // this event; lost, that sync would insert a second event under the lead's own id.
  await guarded(ctx, conn, 'booking ledger write', () => base.flush());
  const o = outcomes?.[0];
  if (!o) return null;
  if (o.status === 'failed') {
    if (o.error.kind === 'auth') await connectionLostAuth(ctx, conn, o.error.message);
    ctx.log.warn({ connectionId: conn.id, error: o.error.message }, 'calendar booking failed');
    return null;
  }
  return {
    eventId: (eventKey !== undefined ? o.externalIds[eventKey] : undefined) ?? null,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    deepLink: o.deepLink,
  };
}
