import { createHash } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import type { BusinessPayload, CallPayload, ConnectionSettings, LeadPayload } from '../types.ts';
import { truncate } from '../shared/text.ts';

/** Our lead → a Calendar event. Pure. */

export const DEFAULT_APPOINTMENT_MINUTES = 60;
/** The calendar's own description limit is 8 KB of HTML; plain text well under it. */
const DESCRIPTION_MAX = 8_000;

/**
 * Event ids must be base32hex (a–v, 0–9), 5–1024 characters. A hex SHA-256 only uses 0–9a–f, a subset,
 * so the id is valid as is; deriving it from connection + lead makes a retried insert hit 409 instead of
 * creating a second event. The prefix keeps our ids recognisable.
 */
export function eventIdFor(connectionId: string, leadId: string): string {
  return 'll' + createHash('sha256').update(`${connectionId}\u0000${leadId}`).digest('hex');
}

export function isValidEventId(id: string): boolean {
  return /^[a-v0-9]{5,1024}$/.test(id);
}

export function eventSummary(lead: LeadPayload): string {
  const what = lead.service ?? lead.reason ?? 'Appointment request';
  const who = lead.name ?? lead.phone ?? lead.email ?? 'caller';
  return truncate(`${what} — ${who}`, 250);
}

export function eventDescription(lead: LeadPayload, call: CallPayload | null, leadUrl: string | null): string {
  const lines = [lead.summary.trim(), ''];
  if (lead.phone) lines.push(`Phone: ${lead.phone}`);
  if (lead.email) lines.push(`Email: ${lead.email}`);
  if (lead.address) lines.push(`Address: ${lead.address}`);
  if (lead.urgency) lines.push(`Urgency: ${lead.urgency}`);
  if (lead.preferredTimeDateOnly)
    lines.push('The caller asked for this day, any time: please pick a slot and confirm.');
  if (call?.recordingUrl) lines.push(`Recording: ${call.recordingUrl}`);
  if (leadUrl) lines.push('', `Open in Leadline: ${leadUrl}`);
  return truncate(lines.join('\n').trim(), DESCRIPTION_MAX);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})/;

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export type EventTiming = Pick<calendar_v3.Schema$Event, 'start' | 'end' | 'transparency'>;

/**
 * preferredTime carries the business's UTC offset, so its first ten characters are the local date.
 * A date-only request ("any time Tuesday") becomes an all-day, transparent event: it marks the day for
 * the business to schedule without inventing a slot the caller never asked for or blocking free/busy.
 * A timed request becomes a busy slot of `appointmentMinutes` in the business's time zone.
 */
export function eventTiming(
  lead: LeadPayload,
  business: BusinessPayload,
  settings: ConnectionSettings,
): EventTiming | null {
  if (!lead.preferredTime) return null;
  if (lead.preferredTimeDateOnly) {
    const m = DATE_ONLY.exec(lead.preferredTime);
    if (!m) return null;
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    return { start: { date }, end: { date: nextDay(date) }, transparency: 'transparent' };
  }
  const start = Date.parse(lead.preferredTime);
  if (Number.isNaN(start)) return null;
  const minutes =
    settings.appointmentMinutes && settings.appointmentMinutes > 0
      ? settings.appointmentMinutes
      : DEFAULT_APPOINTMENT_MINUTES;
  return {
    start: { dateTime: lead.preferredTime, timeZone: business.timezone },
    end: { dateTime: new Date(start + minutes * 60_000).toISOString(), timeZone: business.timezone },
    transparency: 'opaque',
  };
}

/** Invitations go out only when the business asked for them and there is someone to invite. */
export function inviteFor(
  lead: LeadPayload,
  settings: ConnectionSettings,
): { attendees: calendar_v3.Schema$EventAttendee[]; sendUpdates: 'all' | 'none' } {
  if (settings.inviteAttendees && lead.email) {
    return { attendees: [{ email: lead.email, displayName: lead.name ?? undefined }], sendUpdates: 'all' };
  }
  return { attendees: [], sendUpdates: 'none' };
}

export function leadToEvent(
  lead: LeadPayload,
  call: CallPayload | null,
  business: BusinessPayload,
  settings: ConnectionSettings,
  leadUrl: string | null,
): calendar_v3.Schema$Event | null {
  const timing = eventTiming(lead, business, settings);
  if (!timing) return null;
  const { attendees } = inviteFor(lead, settings);
  return {
    summary: eventSummary(lead),
    description: eventDescription(lead, call, leadUrl),
    ...(lead.address ? { location: truncate(lead.address, 1000) } : {}),
    ...timing,
    // A time the caller asked for, not one the business has confirmed.
    status: 'tentative',
    ...(attendees.length ? { attendees } : {}),
    extendedProperties: { private: { leadlineLeadId: lead.id, ...(call ? { leadlineCallId: call.id } : {}) } },
    ...(leadUrl ? { source: { title: 'Leadline', url: leadUrl } } : {}),
  };
}

/** A patch must not resurrect an event the business cancelled, so it carries no `status`. */
export function eventPatch(event: calendar_v3.Schema$Event): calendar_v3.Schema$Event {
  const { status: _status, ...rest } = event;
  return rest;
}
