import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGoogleCalendarConnector } from '../../../connectors/google-calendar/index.ts';
import { eventIdFor } from '../../../connectors/google-calendar/mapping.ts';
import { ConnectorError, type SyncOutcome } from '../../../connectors/types.ts';
import { memoryContext } from '../../../testkit/memory-ledger.ts';
import { work } from '../../../testkit/salesforce-records.ts';

const API = 'https://gcal.test';
const OAUTH = 'https://oauth.gcal.test';
const CAL = 'owner@bayheating.test';
const EVENTS = `/calendar/v3/calendars/${encodeURIComponent(CAL)}/events`;
const connector = createGoogleCalendarConnector({
  clientId: 'cid',
  clientSecret: 'secret',
  apiBaseUrl: API,
  tokenUrl: `${OAUTH}/token`,
  leadUrl: (id) => `https://app.leadline.test/leads/${id}`,
});
const ctxFor = (opts: Parameters<typeof memoryContext>[0] = {}) =>
  memoryContext({ account: { id: CAL, name: CAL, ownerEmail: CAL, timezone: 'America/Los_Angeles' }, ...opts });
const eventId = (leadId: string) => eventIdFor('conn-1', leadId);
const failed = (o: SyncOutcome | undefined) => {
  if (o?.status !== 'failed') throw new Error(`expected failed, got ${JSON.stringify(o)}`);
  return o.error;
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('Google Calendar push', () => {
  it('inserts an event with a deterministic id, and a re-push patches instead of inserting', async () => {
    const ctx = ctxFor();
    let inserted: Record<string, any> = {};
    nock(API, { reqheaders: { authorization: 'Bearer token-1' } })
      .post(EVENTS, (b) => ((inserted = b), true))
      .query({ sendUpdates: 'none' })
      .reply(200, (_uri, b: any) => ({ ...b, htmlLink: 'https://calendar.google.com/event?eid=abc' }));
    const [out] = await connector.push(ctx, [work(1)]);
    expect(out).toEqual({
      key: 'work-1',
      status: 'synced',
      externalIds: { event: eventId('lead-1') },
      deepLink: 'https://calendar.google.com/event?eid=abc',
    });
    expect(inserted).toMatchObject({
      id: eventId('lead-1'),
      summary: 'Furnace repair — Maria Elena Ruiz',
      start: { dateTime: '2026-03-10T14:00:00-08:00', timeZone: 'America/Los_Angeles' },
      end: { dateTime: '2026-03-10T23:00:00.000Z', timeZone: 'America/Los_Angeles' },
      status: 'tentative',
      source: { title: 'Leadline', url: 'https://app.leadline.test/leads/lead-1' },
    });
    expect(inserted.attendees).toBeUndefined();
    expect(ctx.ledger.entries('lead:event').get('lead-1')).toBe(eventId('lead-1'));
    expect(ctx.budget.takes.calendar).toBe(1);

    let patched: Record<string, any> = {};
    nock(API)
      .patch(`${EVENTS}/${eventId('lead-1')}`, (b) => ((patched = b), true))
      .query({ sendUpdates: 'none' })
      .reply(200, { id: eventId('lead-1'), htmlLink: 'https://calendar.google.com/event?eid=abc' });
    const [again] = await connector.push(ctx, [work(1)]);
    expect(again).toMatchObject({ status: 'synced', externalIds: { event: eventId('lead-1') } });
    expect(patched.summary).toBe('Furnace repair — Maria Elena Ruiz');
    expect(patched).not.toHaveProperty('status');
  });

  it('treats 409 on insert as already created: records it and brings it up to date', async () => {
    const ctx = ctxFor();
    nock(API)
      .post(EVENTS)
      .query(true)
      .reply(409, {
        error: {
          code: 409,
          message: 'The requested identifier already exists.',
          errors: [{ domain: 'global', reason: 'duplicate', message: 'The requested identifier already exists.' }],
        },
      })
      .patch(`${EVENTS}/${eventId('lead-1')}`)
      .query(true)
      .reply(200, { id: eventId('lead-1'), htmlLink: 'https://calendar.google.com/event?eid=dup' });
    const [out] = await connector.push(ctx, [work(1)]);
    expect(out).toMatchObject({
      status: 'synced',
      externalIds: { event: eventId('lead-1') },
      deepLink: 'https://calendar.google.com/event?eid=dup',
    });
    expect(ctx.ledger.entries('lead:event').get('lead-1')).toBe(eventId('lead-1'));
  });

  it('respects an event the business deleted', async () => {
    const ctx = ctxFor();
    await ctx.ledger.put('lead:event', 'lead-1', eventId('lead-1'));
    nock(API)
      .patch(`${EVENTS}/${eventId('lead-1')}`)
      .query(true)
      .reply(410, {
        error: { code: 410, message: 'Resource has been deleted', errors: [{ domain: 'global', reason: 'deleted' }] },
      });
    const [out] = await connector.push(ctx, [work(1)]);
    expect(out).toEqual({ key: 'work-1', status: 'synced', externalIds: { event: eventId('lead-1') }, deepLink: null });
  });

  it('invites the lead when the connection asks for it', async () => {
    const ctx = ctxFor({ settings: { inviteAttendees: true, appointmentMinutes: 45 } });
    let inserted: Record<string, any> = {};
    nock(API)
      .post(EVENTS, (b) => ((inserted = b), true))
      .query({ sendUpdates: 'all' })
      .reply(200, { id: eventId('lead-1') });
    await connector.push(ctx, [work(1)]);
    expect(inserted.attendees).toEqual([{ email: 'maria@example.com', displayName: 'Maria Elena Ruiz' }]);
    expect(inserted.end.dateTime).toBe('2026-03-10T22:45:00.000Z');
  });

  it('skips leads without a preferred time without calling Google', async () => {
    const ctx = ctxFor();
    const [out] = await connector.push(ctx, [work(1, { preferredTime: null })]);
    expect(out).toEqual({ key: 'work-1', status: 'synced', externalIds: {}, deepLink: null });
    expect(ctx.budget.takes.calendar).toBeUndefined();
  });

  it('classifies 403 rateLimitExceeded as transient with a backoff hint and pauses the connection', async () => {
    const ctx = ctxFor();
    nock(API)
      .post(EVENTS)
      .query(true)
      .reply(403, {
        error: {
          code: 403,
          message: 'Rate Limit Exceeded',
          errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }],
        },
      })
      .post(EVENTS)
      .query(true)
      .reply(200, { id: eventId('lead-2') });
    const outs = await connector.push(ctx, [work(1), work(2)]);
    const error = failed(outs[0]);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'transient', httpStatus: 403 });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(4_000);
    expect(ctx.budget.pauses).toEqual([{ bucket: 'calendar', ms: error.retryAfterMs }]);
    expect(outs[1]?.status).toBe('synced');
  });

  it('answers 401 with one forced refresh', async () => {
    const ctx = ctxFor({ tokens: ['old', 'new'] });
    nock(API, { reqheaders: { authorization: 'Bearer old' } })
      .post(EVENTS)
      .query(true)
      .reply(401, { error: { code: 401, message: 'Invalid Credentials', errors: [{ reason: 'authError' }] } });
    nock(API, { reqheaders: { authorization: 'Bearer new' } })
      .post(EVENTS)
      .query(true)
      .reply(200, { id: eventId('lead-1') });
    const [out] = await connector.push(ctx, [work(1)]);
    expect(out?.status).toBe('synced');
    expect(ctx.refreshes()).toBe(1);
  });

  it('fails the whole batch as auth when the calendar is gone', async () => {
    const ctx = ctxFor();
    nock(API)
      .post(EVENTS)
      .query(true)
      .reply(404, { error: { code: 404, message: 'Not Found', errors: [{ domain: 'global', reason: 'notFound' }] } });
    const outs = await connector.push(ctx, [work(1), work(2)]);
    expect(outs.map((o) => failed(o).kind)).toEqual(['auth', 'auth']);
  });
});

const grant = { accessToken: 'at-1', refreshToken: 'rt', expiresAt: null, scopes: [] };
/** Google's tokeninfo answer for a token with openid + email: numbers and booleans come as strings. */
const tokenInfo = (over: Record<string, unknown> = {}) => ({
  azp: 'cid',
  aud: 'cid',
  sub: '110169484474386276334',
  scope:
    'https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy openid https://www.googleapis.com/auth/userinfo.email',
  exp: '1767225600',
  expires_in: '3599',
  email: CAL,
  email_verified: 'true',
  access_type: 'offline',
  ...over,
});

describe('Google Calendar account', () => {
  it('is the verified e-mail from tokeninfo (beside the token URL), without any Calendar API call', async () => {
    // Net connect is off: a calendars.get on API would fail the test.
    nock(OAUTH, { reqheaders: { authorization: 'Bearer at-1' } })
      .post('/tokeninfo')
      .reply(200, tokenInfo());
    const account = await connector.account(grant);
    // The e-mail is the primary calendar's id, so connections made when account() read the calendar still match.
    expect(account).toEqual({ id: CAL, name: CAL, ownerEmail: CAL });
  });

  it("asks Google's own tokeninfo URL by default, and a JSON boolean email_verified is fine too", async () => {
    nock('https://oauth2.googleapis.com')
      .post('/tokeninfo')
      .reply(200, tokenInfo({ email_verified: true }));
    const account = await createGoogleCalendarConnector({ clientId: 'cid', clientSecret: 'secret' }).account(grant);
    expect(account.id).toBe(CAL);
  });

  it('refuses an e-mail Google has not verified (it decides which Leadline account an install lands in)', async () => {
    nock(OAUTH)
      .post('/tokeninfo')
      .reply(200, tokenInfo({ email_verified: 'false' }));
    const err = await connector.account(grant).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'permanent', message: expect.stringContaining('not verified') });
  });

  it('refuses a grant that does not reveal the e-mail (e-mail permission missing)', async () => {
    const {
      email: _e,
      email_verified: _v,
      ...noEmail
    } = tokenInfo({ scope: 'https://www.googleapis.com/auth/calendar.events openid' });
    nock(OAUTH).post('/tokeninfo').reply(200, noEmail);
    await expect(connector.account(grant)).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('e-mail address'),
    });
  });

  it('reports a token tokeninfo does not accept as an auth problem', async () => {
    nock(OAUTH).post('/tokeninfo').reply(400, { error: 'invalid_token', error_description: 'Invalid Value' });
    await expect(connector.account(grant)).rejects.toMatchObject({
      kind: 'auth',
      httpStatus: 400,
      message: expect.stringContaining('invalid_token'),
    });
  });
});

describe('Google Calendar free/busy', () => {
  it('returns busy intervals from freebusy.query', async () => {
    let asked: Record<string, any> = {};
    nock(API)
      .post('/calendar/v3/freeBusy', (b) => ((asked = b), true))
      .reply(200, {
        kind: 'calendar#freeBusy',
        timeMin: '2026-03-10T00:00:00.000Z',
        timeMax: '2026-03-11T00:00:00.000Z',
        calendars: { [CAL]: { busy: [{ start: '2026-03-10T17:00:00Z', end: '2026-03-10T18:00:00Z' }] } },
      });
    const busy = await connector.freeBusy!(ctxFor(), { from: '2026-03-10T00:00:00Z', to: '2026-03-11T00:00:00Z' });
    expect(asked).toEqual({ timeMin: '2026-03-10T00:00:00Z', timeMax: '2026-03-11T00:00:00Z', items: [{ id: CAL }] });
    expect(busy).toEqual([{ start: '2026-03-10T17:00:00Z', end: '2026-03-10T18:00:00Z' }]);
  });

  it('reports a calendar free/busy cannot see', async () => {
    nock(API)
      .post('/calendar/v3/freeBusy')
      .reply(200, { calendars: { [CAL]: { busy: [], errors: [{ domain: 'global', reason: 'notFound' }] } } });
    await expect(
      connector.freeBusy!(ctxFor(), { from: '2026-03-10T00:00:00Z', to: '2026-03-11T00:00:00Z' }),
    ).rejects.toMatchObject({ kind: 'auth' });
  });
});
