/**
 * The contract every CRM / calendar connector meets. `server/sync` knows only this file; everything
 * vendor-specific (OAuth details, SDK client, mapping, error classification) lives in the connector's folder.
 */

/**
 * A manifest's provider id (connectors/manifest.ts). The built-in ids are `BuiltInProvider` in
 * connectors/index.ts; an integrator's manifests add more at start, so code that handles any connection
 * takes a plain string.
 */
export type Provider = string;

/** One turn of a call's transcript; server/leads re-exports it (connectors never import server/). */
export type Speaker = 'agent' | 'caller';
export interface TranscriptTurn {
  speaker: Speaker;
  text: string;
}

/** Tokens as the provider gave them; stored encrypted by server/sync, never logged. */
export interface Grant {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token stops working; null when the provider does not say (Salesforce). */
  expiresAt: Date | null;
  scopes: string[];
  /** Salesforce: the org's instance_url. */
  instanceUrl?: string | null;
  /** Salesforce: the identity URL (`id` in the token response). */
  idUrl?: string | null;
}

export interface ExternalAccount {
  /** HubSpot portal id / Salesforce org id / Google calendar id. */
  id: string;
  name: string | null;
  ownerEmail: string | null;
  instanceUrl?: string | null;
  timezone?: string | null;
}

export interface OAuthParams {
  state: string;
  codeChallenge: string;
  redirectUri: string;
}

export interface ConnectorOAuth {
  /** Scopes that must all be granted, else the install is refused with a clear error. */
  requiredScopes: string[];
  /** Async because some connectors build it with their SDK, which is loaded on first use. */
  authorizeUrl(p: OAuthParams): Promise<string>;
  exchange(p: { code: string; codeVerifier: string; redirectUri: string }): Promise<Grant>;
  /** Returns the new grant; keeps the old refresh token when the provider returns none. */
  refresh(grant: Grant): Promise<Grant>;
  revoke(grant: Grant): Promise<void>;
}

// ---- what is pushed ----------------------------------------------------------------------------

export interface LeadPayload {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  reason: string | null;
  service: string | null;
  urgency: 'emergency' | 'high' | 'normal' | 'low' | null;
  temperature: 'Hot' | 'Warm' | 'Cold' | null;
  preferredTime: string | null;
  preferredTimeDateOnly: boolean;
  address: string | null;
  summary: string;
  customFields: Record<string, string>;
  createdAt: string;
}

export interface CallPayload {
  id: string;
  direction: 'inbound' | 'outbound';
  status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled' | 'voicemail';
  from: string | null;
  to: string | null;
  startedAt: string;
  durationSeconds: number;
  /** Leadline's page for the recording (sign-in required; it mints a short-lived link per view); only when the caller consented. */
  recordingUrl: string | null;
  /** Already redacted. */
  transcript: TranscriptTurn[];
  /** Set when the call was a campaign's dial: what the CRM's call record says it was for and how it went. */
  campaign?: CampaignPayload | null;
}

export interface CampaignPayload {
  id: string;
  name: string;
  /** The dial's outcome as known when the call is synced: interested, booked, not_interested, voicemail, … */
  outcome: string;
}

export interface BusinessPayload {
  id: string;
  name: string;
  timezone: string;
}

/** One lead (and the call it came from) to make present in the provider. */
export interface SyncWork {
  /** Stable key of this unit of work; outcomes are matched back by it. */
  key: string;
  lead: LeadPayload;
  call: CallPayload | null;
  business: BusinessPayload;
}

export interface SyncedOutcome {
  key: string;
  status: 'synced';
  /** entity type → external id, e.g. { contact: '123', call: '456' } */
  externalIds: Record<string, string>;
  deepLink: string | null;
}
export interface FailedOutcome {
  key: string;
  status: 'failed';
  error: ConnectorError;
}
export type SyncOutcome = SyncedOutcome | FailedOutcome;

// ---- what the connector gets from server/sync --------------------------------------------------

/**
 * Ledger of local entity ↔ external id for this connection. Connectors consult it before creating
 * anything, and record every id they create or match, so retries and duplicated jobs update instead
 * of creating twice. `kind` is e.g. 'lead:contact', 'call:engagement', 'phone:contact'.
 */
export interface SyncLedger {
  get(kind: string, localId: string): Promise<string | null>;
  getMany(kind: string, localIds: string[]): Promise<Map<string, string>>;
  put(kind: string, localId: string, externalId: string): Promise<void>;
}

/**
 * Per-connection request budget shared by every worker (backed by PostgreSQL). Call `take` before
 * each request to the named bucket; it waits until the provider's limit allows it.
 */
/**
 * What take() handed out. The vendor counts a request when it arrives, somewhere between our take and its
 * answer; `answered()` re-stamps the slots at the answer, so the next use of a slot is a full window after
 * the vendor counted this one however long the request was in flight (the margin alone covers only a
 * bounded delay). Fire and forget: a failed re-stamp leaves the take-time stamp and the margin.
 */
export interface TakenSlots {
  answered(): void;
}

export interface RateBudget {
  /**
   * Waits for `cost` slots of `bucket`. A `low` priority request lets a normal one waiting for the same
   * freed slot go first: requests that unlock others (a contact, before the calls that link to it) are not
   * left behind the leaves when the window is full.
   */
  take(bucket: string, cost?: number, priority?: 'normal' | 'low'): Promise<TakenSlots | void>;
  /** The provider said slow down: nobody on this connection sends to `bucket` before `ms` passes. */
  pause(bucket: string, ms: number): Promise<void>;
}

export interface SyncContext {
  connectionId: string;
  account: ExternalAccount;
  /** A valid access token; `forceRefresh` after the provider rejected the current one. */
  accessToken(opts?: { forceRefresh?: boolean }): Promise<string>;
  ledger: SyncLedger;
  budget: RateBudget;
  /** Per-connection settings: field mapping overrides, calendar options. */
  settings: ConnectionSettings;
  signal?: AbortSignal;
}

/**
 * What a business set with PATCH …/connections/:provider, validated by the manifest's `settings` schema.
 * The keys below are the built-in connectors'; another connector reads its own keys and parses them.
 */
export interface ConnectionSettings {
  readonly [key: string]: unknown;
  /** our field name → provider property name */
  fieldMapping?: Record<string, string>;
  /** Google Calendar: invite the lead as attendee. */
  inviteAttendees?: boolean;
  /** Salesforce: Company when the lead has none. */
  defaultCompany?: string;
  /** Google Calendar: event length in minutes. */
  appointmentMinutes?: number;
}

export interface ProviderField {
  name: string;
  label: string;
  type: string;
}

/**
 * Our lead fields a field mapping can name (LeadPayload's; `firstName` / `lastName` are the halves of `name`
 * that a connector splitting names maps on its own). Custom capture fields are named by their key.
 */
export type LeadField =
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'phone'
  | 'address'
  | 'reason'
  | 'service'
  | 'urgency'
  | 'temperature'
  | 'preferredTime'
  | 'summary';

/**
 * The optional field-mapping capability, read by the mapping editor (GET …/connections/:provider/fields):
 * which of our fields the connector lets a business send where, into which object. A connector without it
 * (a calendar) has no mapping; one with it also implements `listFields`.
 */
export interface FieldMappingSpec {
  /** The provider's object the mapping writes to, as its users call it ("contact", "Lead"). */
  object: string;
  /** Our fields a business may map, in the order the editor shows them. */
  fields: readonly LeadField[];
  /** Whether the business's custom capture fields may be mapped too (by their key). */
  customFields: boolean;
  /** What happens to a field that is not mapped ("not sent", "added to the Description"). */
  unmapped: string;
}

export interface BusyInterval {
  start: string;
  end: string;
}

export interface Connector {
  provider: Provider;
  displayName: string;
  oauth: ConnectorOAuth;
  account(grant: Grant): Promise<ExternalAccount>;
  /** Batched; idempotent through ctx.ledger. Never throws for one bad lead: that lead's outcome fails. */
  push(ctx: SyncContext, work: SyncWork[]): Promise<SyncOutcome[]>;
  /** Our default field → provider property mapping. */
  defaultFieldMapping: Record<string, string>;
  /**
   * The provider's real, writable properties of the object the mapping writes: what an override may name.
   * Present with `fieldMapping`.
   */
  listFields?(ctx: SyncContext): Promise<ProviderField[]>;
  /** The field mapping this connector offers; absent when it has none (a calendar). */
  fieldMapping?: FieldMappingSpec;
  /** Calendars: busy intervals between two instants. */
  freeBusy?(ctx: SyncContext, range: { from: string; to: string }): Promise<BusyInterval[]>;
  /** How many works one push call should get at most. */
  maxBatch: number;
  /**
   * How many push calls of one connection may run at once (default 1). More than one lets one batch's
   * lookups (HubSpot's search bucket) overlap another's writes; server/sync never gives concurrent calls
   * two works for the same person (same lead, e-mail or phone).
   */
  maxConcurrentPushes?: number;
  /**
   * Erasure (a data-subject request): deletes in the provider the records Leadline created or updated for
   * one person, named by the ledger rows that map them (`kind`, our `localId`, their `externalId`). Absent
   * when the provider cannot erase; the manifest's `erasure` says which. Throws a ConnectorError when the
   * provider fails (server/privacy retries transient ones); a record already gone counts as deleted.
   */
  erase?(ctx: SyncContext, records: ErasureRecord[]): Promise<ErasureResult>;
  /**
   * Install-time set-up in the provider that pushes rely on (HubSpot: its unique key properties), with the
   * grant the OAuth callback has just received, before the connection is saved. Answers ledger entries that
   * record what it found; the install writes them in its transaction. A throw is logged and the install goes
   * on without it: what it could not set up, the connection's first push sets up itself.
   */
  prepare?(grant: Grant): Promise<LedgerEntry[]>;
  /**
   * Loads what the connector loads lazily (its vendor SDK). Sync workers call it when they start, so the
   * first push after a deploy does not wait for the import; web nodes never do, and never pay for it.
   */
  warmUp?(): Promise<void>;
}

/** One SyncLedger row: our `localId` of `kind` is their `externalId`. */
export interface LedgerEntry {
  kind: string;
  localId: string;
  externalId: string;
}

export type ErasureRecord = LedgerEntry;

export interface ErasureResult {
  /** Provider object type → how many were deleted (or were already gone). */
  deleted: Record<string, number>;
}

// ---- errors, classified once, here ------------------------------------------------------------

export type ConnectorErrorKind = 'transient' | 'auth' | 'permanent';

export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly retryAfterMs: number | null;
  readonly httpStatus: number | null;
  constructor(
    kind: ConnectorErrorKind,
    message: string,
    opts: { retryAfterMs?: number | null; httpStatus?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'ConnectorError';
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs ?? null;
    this.httpStatus = opts.httpStatus ?? null;
  }
}
