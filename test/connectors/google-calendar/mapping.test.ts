import { describe, expect, it } from 'vitest';
import {
  eventIdFor,
  eventPatch,
  eventSummary,
  eventTiming,
  inviteFor,
  isValidEventId,
  leadToEvent,
} from '../../../connectors/google-calendar/mapping.ts';
import { backoffHint, classifyGoogleError } from '../../../connectors/google-calendar/errors.ts';
import { business, call, lead } from '../../../testkit/salesforce-records.ts';

describe('event ids', () => {
  it('are valid base32hex, deterministic per connection and lead', () => {
    const id = eventIdFor('conn-1', 'lead-1');
    expect(isValidEventId(id)).toBe(true);
    expect(id).toHaveLength(66);
    expect(eventIdFor('conn-1', 'lead-1')).toBe(id);
    expect(eventIdFor('conn-2', 'lead-1')).not.toBe(id);
    expect(eventIdFor('conn-1', 'lead-2')).not.toBe(id);
    expect(isValidEventId('has-dash')).toBe(false);
    expect(isValidEventId('wxyz0')).toBe(false);
  });
});

describe('lead → event', () => {
  it('books a timed request as a busy slot in the business time zone', () => {
    expect(eventTiming(lead(), business, {})).toEqual({
      start: { dateTime: '2026-03-10T14:00:00-08:00', timeZone: 'America/Los_Angeles' },
      end: { dateTime: '2026-03-10T23:00:00.000Z', timeZone: 'America/Los_Angeles' },
      transparency: 'opaque',
    });
    expect(eventTiming(lead(), business, { appointmentMinutes: 30 })?.end).toEqual({
      dateTime: '2026-03-10T22:30:00.000Z',
      timeZone: 'America/Los_Angeles',
    });
  });

  it('marks a date-only request as a free all-day event, across month ends', () => {
    expect(
      eventTiming(lead({ preferredTime: '2026-02-28T00:00:00-08:00', preferredTimeDateOnly: true }), business, {}),
    ).toEqual({
      start: { date: '2026-02-28' },
      end: { date: '2026-03-01' },
      transparency: 'transparent',
    });
  });

  it('has no event without a (readable) preferred time', () => {
    expect(leadToEvent(lead({ preferredTime: null }), null, business, {}, null)).toBeNull();
    expect(leadToEvent(lead({ preferredTime: 'next tuesday' }), null, business, {}, null)).toBeNull();
  });

  it('writes summary, contact details, link and private lead reference', () => {
    const ev = leadToEvent(lead(), call(), business, {}, 'https://app.leadline.test/leads/lead-1')!;
    expect(ev.summary).toBe('Furnace repair — Maria Elena Ruiz');
    expect(ev.description).toContain('Phone: +14155550123');
    expect(ev.description).toContain('Email: maria@example.com');
    expect(ev.description).toContain('Open in Leadline: https://app.leadline.test/leads/lead-1');
    expect(ev.location).toBe('500 Castro St, San Francisco');
    expect(ev.status).toBe('tentative');
    expect(ev.attendees).toBeUndefined();
    expect(ev.extendedProperties?.private).toEqual({ leadlineLeadId: 'lead-1', leadlineCallId: 'call-1' });
    expect(eventPatch(ev)).not.toHaveProperty('status');
    expect(eventSummary(lead({ service: null, reason: null, name: null }))).toBe('Appointment request — +14155550123');
  });

  it('invites the lead only when the connection asks and there is an e-mail', () => {
    expect(inviteFor(lead(), { inviteAttendees: true })).toEqual({
      attendees: [{ email: 'maria@example.com', displayName: 'Maria Elena Ruiz' }],
      sendUpdates: 'all',
    });
    expect(inviteFor(lead({ email: null }), { inviteAttendees: true })).toEqual({ attendees: [], sendUpdates: 'none' });
    expect(inviteFor(lead(), {})).toEqual({ attendees: [], sendUpdates: 'none' });
  });
});

describe('Google error classification', () => {
  const gaxiosLike = (status: number, reason?: string, headers: Record<string, string> = {}) => ({
    status,
    message: 'x',
    response: {
      status,
      headers: new Headers(headers),
      data: { error: { code: status, message: 'msg', errors: reason ? [{ reason, domain: 'usageLimits' }] : [] } },
    },
  });
  it('maps rate limits, auth, server and client errors', () => {
    const rate = classifyGoogleError(gaxiosLike(403, 'rateLimitExceeded'));
    expect(rate.kind).toBe('transient');
    expect(rate.retryAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(rate.retryAfterMs).toBeLessThanOrEqual(4_000);
    expect(classifyGoogleError(gaxiosLike(403, 'userRateLimitExceeded')).kind).toBe('transient');
    expect(classifyGoogleError(gaxiosLike(429, undefined, { 'retry-after': '7' })).retryAfterMs).toBe(7_000);
    expect(classifyGoogleError(gaxiosLike(401)).kind).toBe('auth');
    expect(classifyGoogleError(gaxiosLike(403, 'insufficientPermissions')).kind).toBe('auth');
    expect(classifyGoogleError(gaxiosLike(403, 'forbidden')).kind).toBe('permanent');
    expect(classifyGoogleError(gaxiosLike(503)).kind).toBe('transient');
    expect(classifyGoogleError(gaxiosLike(400, 'invalid')).kind).toBe('permanent');
    expect(classifyGoogleError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).kind).toBe(
      'transient',
    );
    expect(backoffHint(1000, () => 0.5)).toBe(1500);
  });
});
