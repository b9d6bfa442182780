import type { BusyInterval, Connector, ExternalAccount, Grant, SyncContext, SyncOutcome, SyncWork } from '../types.ts';
import { ConnectorError } from '../types.ts';
import { openCalendarClient, warmUpCalendarSdk, type CalendarClient } from './client.ts';
import { calendarGone, classifyGoogleError } from './errors.ts';
import { eraseInCalendar } from './erase.ts';
import { eventIdFor, eventPatch, inviteFor, leadToEvent } from './mapping.ts';
import { createGoogleCalendarOAuth, googleIdentity, type GoogleOAuthConfig } from './oauth.ts';
import { freeBusySchema } from './schema.ts';

export interface GoogleCalendarConnectorConfig {
  clientId: string;
  clientSecret: string;
  /** Default https://accounts.google.com */
  oauthBaseUrl?: string;
  /** Default https://oauth2.googleapis.com/token */
  tokenUrl?: string;
  /** Default: /revoke on the token URL's origin. */
  revokeUrl?: string;
  /** Default: /tokeninfo on the token URL's origin. */
  tokenInfoUrl?: string;
  /** Default https://www.googleapis.com */
  apiBaseUrl?: string;
  /** Link back to the lead in Leadline, written into the event; omitted when not given. */
  leadUrl?: (leadId: string) => string;
  timeoutMs?: number;
}

export const LEDGER_EVENT = 'lead:event';
const GONE = (s: number) => s === 404 || s === 410;

export function createGoogleCalendarConnector(cfg: GoogleCalendarConnectorConfig): Connector {
  const apiBaseUrl = cfg.apiBaseUrl ?? 'https://www.googleapis.com';
  const oauthCfg: GoogleOAuthConfig = {
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    oauthBaseUrl: cfg.oauthBaseUrl ?? 'https://accounts.google.com',
    tokenUrl: cfg.tokenUrl ?? 'https://oauth2.googleapis.com/token',
    revokeUrl: cfg.revokeUrl,
    tokenInfoUrl: cfg.tokenInfoUrl,
  };
  const oauth = createGoogleCalendarOAuth(oauthCfg);
  const clientFor = (ctx: SyncContext) =>
    openCalendarClient({
      apiBaseUrl,
      accessToken: (o) => ctx.accessToken(o),
      budget: ctx.budget,
      signal: ctx.signal,
      timeoutMs: cfg.timeoutMs,
    });
  /** The account's calendar: account() stores the owner's e-mail, which is the primary calendar's id; 'primary' as the fallback. */
  const calendarIdOf = (ctx: SyncContext) => ctx.account.id || 'primary';

  async function pushOne(
    client: CalendarClient,
    ctx: SyncContext,
    work: SyncWork,
    known: Map<string, string>,
  ): Promise<SyncOutcome> {
    const { lead, call, business } = work;
    const event = leadToEvent(lead, call, business, ctx.settings, cfg.leadUrl ? cfg.leadUrl(lead.id) : null);
    // No time asked for → nothing belongs on a calendar. The contract has no "skipped" status, and
    // "failed" would alarm the business over a lead that is fine, so this is synced with no ids.
    if (!event) return { key: work.key, status: 'synced', externalIds: {}, deepLink: null };

    const calendarId = calendarIdOf(ctx);
    const { sendUpdates } = inviteFor(lead, ctx.settings);
    const patch = async (eventId: string): Promise<SyncOutcome> => {
      try {
        const res = await client.call(
          (api) => api.events.patch({ calendarId, eventId, sendUpdates, requestBody: eventPatch(event) }),
          GONE,
        );
        return {
          key: work.key,
          status: 'synced',
          externalIds: { event: eventId },
          deepLink: res.data.htmlLink ?? null,
        };
      } catch (err) {
        // The business deleted the event: that is their decision about this request, not a failure.
        if (GONE((err as { status?: number }).status ?? 0))
          return { key: work.key, status: 'synced', externalIds: { event: eventId }, deepLink: null };
        throw err;
      }
    };

    const existing = known.get(lead.id);
    if (existing) return patch(existing);

    const id = eventIdFor(ctx.connectionId, lead.id);
    try {
      const res = await client.call(
        (api) => api.events.insert({ calendarId, sendUpdates, requestBody: { ...event, id } }),
        (s) => s === 409 || s === 404,
      );
      await ctx.ledger.put(LEDGER_EVENT, lead.id, id);
      known.set(lead.id, id);
      return { key: work.key, status: 'synced', externalIds: { event: id }, deepLink: res.data.htmlLink ?? null };
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (status === 404) throw calendarGone(err);
      if (status !== 409) throw err;
      // 409 duplicate: an earlier attempt created it and lost the answer. Record it and bring it up to date.
      await ctx.ledger.put(LEDGER_EVENT, lead.id, id);
      known.set(lead.id, id);
      return patch(id);
    }
  }

  return {
    provider: 'google-calendar',
    displayName: 'Google Calendar',
    oauth,
    defaultFieldMapping: {},
    // Calendar has no batch write in this client: one request per lead, so keep jobs short.
    maxBatch: 25,
    warmUp: warmUpCalendarSdk,

    async account(grant: Grant): Promise<ExternalAccount> {
      // The verified e-mail of the Google account (openid + email scopes), not the primary calendar: same
      // value (a primary calendar's id is its owner's e-mail), so connections made before still match on
      // externalAccountId, without a calendar-metadata scope. Refuses a missing or unverified e-mail.
      const { email } = await googleIdentity(oauthCfg, grant.accessToken);
      // tokeninfo has no display name (that is the profile scope); the primary calendar's title shown before
      // was normally this same e-mail. No time zone either: nothing reads ExternalAccount.timezone.
      return { id: email, name: email, ownerEmail: email };
    },

    async push(ctx: SyncContext, works: SyncWork[]): Promise<SyncOutcome[]> {
      if (works.length === 0) return [];
      let client: CalendarClient;
      try {
        client = await clientFor(ctx);
      } catch (err) {
        const error = err instanceof ConnectorError ? err : classifyGoogleError(err);
        return works.map((w) => ({ key: w.key, status: 'failed', error }));
      }
      const known = await ctx.ledger.getMany(LEDGER_EVENT, [...new Set(works.map((w) => w.lead.id))]);
      const out: SyncOutcome[] = [];
      for (const work of works) {
        try {
          out.push(await pushOne(client, ctx, work, known));
        } catch (err) {
          const error = err instanceof ConnectorError ? err : classifyGoogleError(err);
          out.push({ key: work.key, status: 'failed', error });
          // A dead token or a vanished calendar fails the rest the same way; do not spend requests proving it.
          if (error.kind === 'auth') {
            for (const rest of works.slice(out.length)) out.push({ key: rest.key, status: 'failed', error });
            break;
          }
        }
      }
      return out;
    },

    async erase(ctx, records) {
      return eraseInCalendar(await clientFor(ctx), calendarIdOf(ctx), records);
    },

    async freeBusy(ctx: SyncContext, range: { from: string; to: string }): Promise<BusyInterval[]> {
      const client = await clientFor(ctx);
      const calendarId = calendarIdOf(ctx);
      const res = await client.call((api) =>
        api.freebusy.query({ requestBody: { timeMin: range.from, timeMax: range.to, items: [{ id: calendarId }] } }),
      );
      const parsed = freeBusySchema.parse(res.data);
      const entry = parsed.calendars[calendarId];
      const problem = entry?.errors?.[0];
      if (!entry || problem) {
        if (!entry || problem?.reason === 'notFound')
          throw new ConnectorError('auth', `Google calendar ${calendarId} not found for free/busy`);
        throw new ConnectorError(
          'transient',
          `Google free/busy for ${calendarId} failed: ${problem?.reason ?? 'unknown'}`,
          { retryAfterMs: 5_000 },
        );
      }
      return entry.busy.map((b) => ({ start: b.start, end: b.end }));
    },
  };
}
