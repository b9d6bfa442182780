/**
 * A connector's manifest: everything vendor-specific that the rest of Leadline needs to know about a
 * provider without reading its code. server/config.ts builds the environment schema from `env`, the sync
 * budget reads `limits`, the settings route validates with `settings`, the ledger reads `outcomeIds`, the
 * live-call tools pick a `calendar`, and `create` builds the Connector once its OAuth client is configured.
 * Adding a CRM is a folder with one of these, listed in connectors/index.ts (or passed to loadConfig).
 */
import { z } from 'zod';
import type { Connector } from './types.ts';

/** What a connector can be used for. `crm` receives leads and calls; `calendar` answers free/busy and books. */
export type Capability = 'crm' | 'calendar';

/**
 * One request bucket of an account: at most `max` requests in any rolling `windowMs`; `marginMs` absorbs the
 * time between our take and the vendor counting the request.
 */
export interface BucketLimit {
  max: number;
  windowMs: number;
  marginMs: number;
}

/**
 * Which keys of a synced outcome's `externalIds` name what. The lead's record shows `person` (else `event`);
 * a logged call's record shows `activity` (else `event`); a booking made during a call reports `event`.
 */
export interface OutcomeIds {
  person?: string;
  activity?: string;
  event?: string;
}

export interface ConnectorManifest<Env extends z.ZodRawShape = z.ZodRawShape> {
  /** The id in URLs (`/oauth/<provider>/install`), in the database and in budgets. Never changes. */
  provider: string;
  displayName: string;
  capabilities: readonly Capability[];
  /**
   * Environment variables, by name, with validation and defaults. Names must be unique across manifests and
   * must not clash with Leadline's own; `.env.example` lists every one (a test checks).
   */
  env: Env;
  /** The OAuth client: the provider exists only when both are set, and setting one alone is refused. */
  credentials: { clientId: string; clientSecret: string };
  /** Request budgets per external account, shared by every worker; buckets named as the connector takes them. */
  limits: Record<string, BucketLimit>;
  /** Per-connection settings a business may PATCH (every key optional); stored as given, read by the connector. */
  settings: z.ZodObject;
  outcomeIds: OutcomeIds;
  /** OAuth scopes asked for: `required` must all be granted, `optional` are used when granted. */
  scopes: { required: readonly string[]; optional?: readonly string[] };
  /**
   * Whether (and how) the connector erases a person's records in the provider for a data-subject request.
   * `supported: true` promises `Connector.erase`; otherwise `reason` is what the request reports.
   */
  erasure: { supported: true; how: string } | { supported: false; reason: string };
  /** Packages the connector loads on first use (never at import): web nodes must not pay for them. */
  lazyPackages?: readonly string[];
  /** Builds the connector from its parsed environment and OAuth client; once per process, no tenant state. */
  create(env: z.output<z.ZodObject<Env>>, client: { clientId: string; clientSecret: string }): Connector;
}

/** Keeps a manifest's `env` shape as written, so `credentials` and `create` are checked against it. */
export const defineManifest = <Env extends z.ZodRawShape>(
  m: ConnectorManifest<Env> & { credentials: { clientId: keyof Env & string; clientSecret: keyof Env & string } },
): ConnectorManifest<Env> => m;

// ---- environment value helpers, shared with server/config.ts so every variable reads the same way ----

export const envUrl = z.url({ protocol: /^https?$/ });
/** An unset or empty variable is absent (`.env` files write `NAME=` for "not set"). */
export const envOptional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

/** `fieldMapping` as every CRM accepts it: our field name → the provider's property name. */
export const fieldMappingSetting = z.record(z.string().min(1).max(100), z.string().min(1).max(200));
