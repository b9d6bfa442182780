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
import { eraseInSalesforce } from './erase.ts';
import { ConnectorError } from '../types.ts';
import { freshGrantToken } from '../shared/fresh-grant.ts';
import { openSalesforceClient, warmUpJsforce, type SalesforceClient } from './client.ts';
import { DEFAULT_FIELD_MAPPING, FIELD_MAPPING_SPEC, RESERVED_TARGETS } from './mapping.ts';
import { createSalesforceOAuth } from './oauth.ts';
import { pushWorks } from './push.ts';
import { externalIdFields, PERSON_KEY_FIELD } from './external-ids.ts';
import { prepareExternalIdFields, userIdOf } from './install-fields.ts';
import { describeSchema, identitySchema } from './schema.ts';

export interface SalesforceConnectorConfig {
  clientId: string;
  clientSecret: string;
  /** Default https://login.salesforce.com; https://test.salesforce.com for sandboxes. */
  loginUrl?: string;
  /** REST API version without the "v"; default 62.0 (Winter '25). */
  apiVersion?: string;
  /** Per-request timeout; default 60 s. */
  timeoutMs?: number;
  /** Upsert by the org's External ID fields when it has them (default true); false always creates (external-ids.ts). */
  externalIds?: boolean;
  /** Host suffixes the org's instance and identity URLs may be on (default Salesforce's domains; oauth.ts). */
  allowedHosts?: readonly string[];
}

export const DEFAULT_LOGIN_URL = 'https://login.salesforce.com';
export const DEFAULT_API_VERSION = '62.0';

function requireInstanceUrl(url: string | null | undefined): string {
  if (!url) throw new ConnectorError('auth', 'Salesforce connection has no instance URL; reconnect the org');
  return url;
}

export function createSalesforceConnector(cfg: SalesforceConnectorConfig): Connector {
  const loginUrl = (cfg.loginUrl ?? DEFAULT_LOGIN_URL).replace(/\/+$/, '');
  const apiVersion = cfg.apiVersion ?? DEFAULT_API_VERSION;

  const clientFor = (ctx: SyncContext): Promise<SalesforceClient> =>
    openSalesforceClient({
      instanceUrl: requireInstanceUrl(ctx.account.instanceUrl),
      apiVersion,
      accessToken: (o) => ctx.accessToken(o),
      budget: ctx.budget,
      signal: ctx.signal,
      timeoutMs: cfg.timeoutMs,
    });

  /** A client on a grant the OAuth callback has just received (no connection, budget or refresh yet). */
  const clientOn = (grant: Grant): Promise<SalesforceClient> =>
    openSalesforceClient({
      instanceUrl: requireInstanceUrl(grant.instanceUrl),
      apiVersion,
      accessToken: freshGrantToken(grant, 'Salesforce'),
      timeoutMs: cfg.timeoutMs,
    });

  return {
    provider: 'salesforce',
    displayName: 'Salesforce',
    oauth: createSalesforceOAuth({
      clientId: cfg.clientId,
      clientSecret: cfg.clientSecret,
      loginUrl,
      ...(cfg.allowedHosts ? { allowedHosts: cfg.allowedHosts } : {}),
    }),
    defaultFieldMapping: { ...DEFAULT_FIELD_MAPPING },
    fieldMapping: FIELD_MAPPING_SPEC,
    // One SOQL query and one sObject Collections request (≤200) cover a whole batch of this size.
    maxBatch: 100,
    warmUp: warmUpJsforce,

    async account(grant: Grant): Promise<ExternalAccount> {
      const instanceUrl = requireInstanceUrl(grant.instanceUrl);
      if (!grant.idUrl) throw new ConnectorError('auth', 'Salesforce grant has no identity URL; reconnect the org');
      const idUrl = grant.idUrl;
      const client = await clientOn(grant);
      // The identity URL with the token in the Authorization header. jsforce's identity() would also
      // append it as ?oauth_token=, which puts a live credential into URLs and proxy logs.
      const raw = await client.call((conn) => conn.request<unknown>({ method: 'GET', url: `${idUrl}?format=json` }));
      const parsed = identitySchema.safeParse(raw);
      if (!parsed.success)
        throw new ConnectorError(
          'permanent',
          `Salesforce identity response is not what the identity service documents: ${parsed.error.message}`,
        );
      const identity = parsed.data;
      let orgName: string | null = null;
      try {
        const res = await client.call(
          async (conn) => (await conn.query<{ Name?: string }>('SELECT Name FROM Organization LIMIT 1')).records,
        );
        orgName = res[0]?.Name ?? null;
      } catch {
        // The org name is cosmetic; a user without "View Setup" may not read Organization.
      }
      return {
        id: identity.organization_id,
        name: orgName,
        ownerEmail: identity.email ?? null,
        instanceUrl,
        timezone: identity.timezone ?? null,
      };
    },

    /**
     * At install: the External ID fields, where the installing user may make them (install-fields.ts). A
     * refusal (a user who may not customize the org) throws like any failure: the first push describes.
     */
    async prepare(grant: Grant): Promise<LedgerEntry[]> {
      const userId = userIdOf(grant.idUrl);
      if (cfg.externalIds === false || !userId) return [];
      return prepareExternalIdFields(await clientOn(grant), userId);
    },

    async push(ctx: SyncContext, works: SyncWork[]): Promise<SyncOutcome[]> {
      if (works.length === 0) return [];
      let client: SalesforceClient;
      try {
        client = await clientFor(ctx);
      } catch (err) {
        const error =
          err instanceof ConnectorError
            ? err
            : new ConnectorError('auth', `Salesforce token unavailable: ${String(err)}`, { cause: err });
        return works.map((w) => ({ key: w.key, status: 'failed', error }));
      }
      const keys = cfg.externalIds === false ? { lead: false, task: false } : await externalIdFields(client, ctx);
      return pushWorks(client, ctx, works, keys);
    },

    async erase(ctx, records) {
      return eraseInSalesforce(await clientFor(ctx), records);
    },

    async listFields(ctx: SyncContext): Promise<ProviderField[]> {
      const client = await clientFor(ctx);
      const raw = await client.call((conn) => conn.describe('Lead'));
      const described = describeSchema.parse(raw);
      return (
        described.fields
          // Fields our own rules fill (FirstName, Company, …, our external id) are not offered: a lead field
          // written into them would be ignored, or would break exactly-once creates.
          .filter((f) => f.createable !== false && f.updateable !== false)
          .filter((f) => !RESERVED_TARGETS.has(f.name) && f.name !== PERSON_KEY_FIELD)
          .map((f) => ({ name: f.name, label: f.label, type: f.type }))
      );
    },
  };
}
