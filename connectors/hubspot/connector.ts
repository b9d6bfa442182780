/**
 * The HubSpot Connector: contacts for leads, call engagements for calls, all batched and idempotent
 * through ctx.ledger. Ledger kinds: `lead:contact`, `email:contact`, `phone:contact`, `call:call`.
 */
import type {
  Connector,
  ExternalAccount,
  Grant,
  LedgerEntry,
  ProviderField,
  SyncContext,
  SyncOutcome,
  SyncWork,
} from '../types.ts';
import { ConnectorError } from '../types.ts';
import { freshGrantToken, installBudget } from '../shared/fresh-grant.ts';
import { classifyHubspotError, DEFAULT_API_BASE_URL, DEFAULT_APP_BASE_URL, warmUpHubspotSdk } from './client.ts';
import { contactDeepLink, DEFAULT_FIELD_MAPPING, FIELD_MAPPING_SPEC } from './mapping.ts';
import { createHubspotOAuth } from './oauth.ts';
import { hubspotSettingsSchema } from './schema.ts';
import { createHubspotSession, type HubspotSession } from './session.ts';
import { syncContacts, type ContactResult } from './contacts.ts';
import { syncCalls, type CallResult, type CallWork } from './calls.ts';
import { HUBSPOT_BATCH_SIZE, type PushState } from './batch-write.ts';
import { CALL_KEY, ensureUniqueKeys, PERSON_KEY, prepareUniqueKeys, type UniqueKeys } from './unique-keys.ts';
import { eraseInHubspot } from './erase.ts';

export interface HubspotConnectorConfig {
  clientId: string;
  clientSecret: string;
  /** Authorize page and record links; default https://app.hubspot.com */
  appBaseUrl?: string;
  /** REST API; default https://api.hubapi.com */
  apiBaseUrl?: string;
  /** Deadline for one HubSpot request; default 30 s. */
  requestTimeoutMs?: number;
  optionalScopes?: readonly string[];
  /**
   * Make creates idempotent with unique key properties where the portal allows (default true); false keeps
   * to lookup-before-create (unique-keys.ts says what that risks).
   */
  uniqueKeys?: boolean;
}

/**
 * Rounds a push makes at most for works a server error left undone, and the wait (× jitter 0.5–1.5) before
 * each extra one. Past them, server/sync's backoff takes over.
 */
const MAX_ROUNDS = 3;
const RETRY_ROUND_DELAY_MS = 400;

/** A server error or timeout: worth another round now. 429s and our own budget waits carry a wait instead. */
function retryRoundFor(r: string | ConnectorError | undefined): boolean {
  return (
    r instanceof ConnectorError &&
    r.kind === 'transient' &&
    r.retryAfterMs === null &&
    (r.httpStatus === null || r.httpStatus >= 500)
  );
}

/** Works per push; the connector splits them into HubSpot's 100-input batches itself. */
export const HUBSPOT_MAX_BATCH = 2500;

export function createHubspotConnector(cfg: HubspotConnectorConfig): Connector {
  const appBaseUrl = cfg.appBaseUrl ?? DEFAULT_APP_BASE_URL;
  const apiBaseUrl = cfg.apiBaseUrl ?? DEFAULT_API_BASE_URL;
  const timeoutMs = cfg.requestTimeoutMs ?? 30_000;
  const oauth = createHubspotOAuth({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    appBaseUrl,
    apiBaseUrl,
    timeoutMs,
    ...(cfg.optionalScopes ? { optionalScopes: cfg.optionalScopes } : {}),
  });

  async function account(grant: Grant): Promise<ExternalAccount> {
    const info = await oauth.tokenInfo(grant.accessToken);
    return { id: String(info.hubId), name: info.hubDomain ?? null, ownerEmail: info.user ?? null, timezone: null };
  }

  /**
   * At install, with the new grant: the unique key properties, so a backlog's first creates need not wait for
   * them. Outside any connection's budget: two requests, before any push of this install.
   */
  async function prepare(grant: Grant): Promise<LedgerEntry[]> {
    if (cfg.uniqueKeys === false) return [];
    const install = { accessToken: freshGrantToken(grant, 'HubSpot'), budget: installBudget() };
    return prepareUniqueKeys(createHubspotSession(install, { apiBaseUrl, timeoutMs }));
  }

  /** A drain's concurrent pushes share one first check (else each would create the properties). */
  const keysInFlight = new Map<string, Promise<UniqueKeys>>();
  const uniqueKeysFor = (session: HubspotSession, ctx: SyncContext): Promise<UniqueKeys> => {
    let p = keysInFlight.get(ctx.connectionId);
    if (!p) {
      p = ensureUniqueKeys(session, ctx).finally(() => keysInFlight.delete(ctx.connectionId));
      keysInFlight.set(ctx.connectionId, p);
    }
    return p;
  };

  async function push(ctx: SyncContext, works: SyncWork[]): Promise<SyncOutcome[]> {
    if (works.length === 0) return [];
    const settings = hubspotSettingsSchema.safeParse(ctx.settings);
    if (!settings.success) {
      const err = new ConnectorError(
        'permanent',
        `invalid HubSpot field mapping: ${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
      return works.map((w) => ({ key: w.key, status: 'failed', error: err }));
    }
    const session = createHubspotSession(ctx, { apiBaseUrl, timeoutMs });
    const state: PushState = { aborted: null };
    try {
      // Only creates need to know the keys: e-mail upserts and updates go out while the check (on a new
      // connection, two property creates) is under way, instead of a backlog's first window waiting on it.
      const keys: Promise<UniqueKeys> =
        cfg.uniqueKeys === false ? Promise.resolve({ person: false, call: false }) : uniqueKeysFor(session, ctx);
      keys.catch(() => undefined); // a failure reaches the creates that await it, and fails the push there
      const contacts: ContactResult = new Map();
      const calls: CallResult = new Map();
      // Calls whose contacts are settled wait here until a full batch (100 calls) can go, so parts settling
      // a few contacts at a time (updates, the ends of lanes) cost no extra object requests; the rest go
      // when the round ends. A call's works stay together (one create per call).
      const waiting = new Map<string /* call id */, CallWork[]>();
      const sendCalls = async (items: CallWork[]) => {
        for (const [k, v] of await syncCalls(session, ctx, items, state, keys)) calls.set(k, v);
      };
      const fullCallBatches = (all: boolean): Promise<void>[] => {
        const sends: Promise<void>[] = [];
        while (waiting.size >= HUBSPOT_BATCH_SIZE || (all && waiting.size > 0)) {
          const ids = [...waiting.keys()].slice(0, HUBSPOT_BATCH_SIZE);
          sends.push(sendCalls(ids.flatMap((id) => waiting.get(id)!)));
          for (const id of ids) waiting.delete(id);
        }
        return sends;
      };
      const logCalls = async (part: SyncWork[], resolved: ContactResult) => {
        for (const w of part) {
          const contactId = resolved.get(w.key);
          if (w.call && typeof contactId === 'string')
            waiting.set(w.call.id, [...(waiting.get(w.call.id) ?? []), { work: w, call: w.call, contactId }]);
        }
        await Promise.all(fullCallBatches(false));
      };
      const round = async (part: SyncWork[]) => {
        // Each part's calls go out as soon as there are enough of them, not after every contact of the push.
        for (const [k, v] of await syncContacts(session, ctx, part, settings.data.fieldMapping, state, keys, logCalls))
          contacts.set(k, v);
        await Promise.all(fullCallBatches(true));
      };
      await round(works);
      // Quick extra rounds for what a server error or timeout left undone (the tail of a backlog would
      // otherwise wait out a retry backoff): creates carry unique keys HubSpot enforces (or, in a portal
      // without them, contacts are looked up again and calls by their `call:sent` mark), so nothing is created twice.
      for (let n = 1; n < MAX_ROUNDS && !state.aborted && !ctx.signal?.aborted; n++) {
        const contactAgain = works.filter((w) => retryRoundFor(contacts.get(w.key)));
        const callAgain = works.filter(
          (w) => typeof contacts.get(w.key) === 'string' && retryRoundFor(calls.get(w.key)),
        );
        if (!contactAgain.length && !callAgain.length) break;
        await new Promise((r) => setTimeout(r, RETRY_ROUND_DELAY_MS * (0.5 + Math.random())));
        await Promise.all([round(contactAgain), logCalls(callAgain, contacts)]);
        await Promise.all(fullCallBatches(true));
      }
      return works.map((w) => outcome(w, contacts.get(w.key), calls.get(w.key), ctx.account.id));
    } catch (e) {
      // Not one lead's fault (ledger or budget down, a bug): every work is retried; the ledger keeps it idempotent.
      const err = classifyHubspotError(e);
      return works.map((w) => ({ key: w.key, status: 'failed', error: err }));
    }
  }

  function outcome(
    w: SyncWork,
    contact: string | ConnectorError | undefined,
    call: string | ConnectorError | undefined,
    portalId: string,
  ): SyncOutcome {
    if (contact instanceof ConnectorError) return { key: w.key, status: 'failed', error: contact };
    if (contact === undefined)
      return { key: w.key, status: 'failed', error: new ConnectorError('transient', 'contact was not resolved') };
    if (call instanceof ConnectorError) return { key: w.key, status: 'failed', error: call };
    const externalIds: Record<string, string> = { contact };
    if (w.call) {
      if (call === undefined)
        return { key: w.key, status: 'failed', error: new ConnectorError('transient', 'call was not logged') };
      externalIds.call = call;
    }
    return { key: w.key, status: 'synced', externalIds, deepLink: contactDeepLink(appBaseUrl, portalId, contact) };
  }

  async function listFields(ctx: SyncContext): Promise<ProviderField[]> {
    const session = createHubspotSession(ctx, { apiBaseUrl, timeoutMs });
    const res = await session.run('objects', (c) => c.crm.properties.coreApi.getAll('contacts'));
    return (
      res.results
        // Our unique key properties are Leadline's own: a lead field written there would break exactly-once creates.
        .filter((p) => !p.hidden && !p.calculated && !p.modificationMetadata?.readOnlyValue)
        .filter((p) => p.name !== PERSON_KEY && p.name !== CALL_KEY)
        .map((p) => ({ name: p.name, label: p.label, type: p.type }))
        .sort((a, b) => a.label.localeCompare(b.label))
    );
  }

  return {
    provider: 'hubspot',
    displayName: 'HubSpot',
    oauth,
    account,
    prepare,
    push,
    defaultFieldMapping: { ...DEFAULT_FIELD_MAPPING },
    listFields,
    fieldMapping: FIELD_MAPPING_SPEC,
    erase: (ctx, records) => eraseInHubspot(createHubspotSession(ctx, { apiBaseUrl, timeoutMs }), ctx, records),
    maxBatch: HUBSPOT_MAX_BATCH,
    warmUp: warmUpHubspotSdk,
    // Searches (5 / s) and object writes (100 / 10 s) are separate budgets: keep both busy. A push holds its
    // place until its object writes are through (the 10 s windows), so with fewer places a backlog's later
    // batches started their searches only when an earlier push ended, a window later: their contacts, and
    // then their calls, were left for the last window as a chain of round trips. Five places put a
    // 10,000-lead backlog (300 + 4 × 2,500) in flight at once; the conflict hold-back keeps them apart.
    maxConcurrentPushes: 5,
  };
}
