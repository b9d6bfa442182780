/**
 * The connector registry. Adding a CRM = a folder beside this file + one entry in CONNECTORS below.
 * Only providers whose OAuth client id and secret are configured are returned, so an unconfigured
 * provider simply does not exist for the routes and the sync jobs.
 */
import type { Config } from '../server/config.ts';
import { createGoogleCalendarConnector } from './google-calendar/index.ts';
import { createHubspotConnector } from './hubspot/index.ts';
import { createSalesforceConnector } from './salesforce/index.ts';
import type { Connector, Provider } from './types.ts';

export type ConnectorConfig = Pick<
  Config,
  | 'PUBLIC_BASE_URL'
  | 'HUBSPOT_CLIENT_ID' | 'HUBSPOT_CLIENT_SECRET' | 'HUBSPOT_APP_BASE_URL' | 'HUBSPOT_API_BASE_URL'
  | 'SALESFORCE_CLIENT_ID' | 'SALESFORCE_CLIENT_SECRET' | 'SALESFORCE_LOGIN_URL'
  | 'GOOGLE_CLIENT_ID' | 'GOOGLE_CLIENT_SECRET' | 'GOOGLE_OAUTH_BASE_URL' | 'GOOGLE_TOKEN_URL' | 'GOOGLE_API_BASE_URL'
>;

interface Entry {
  provider: Provider;
  credentials: (c: ConnectorConfig) => { clientId?: string | undefined; clientSecret?: string | undefined };
  create: (c: ConnectorConfig, clientId: string, clientSecret: string) => Connector;
}

const CONNECTORS: Entry[] = [
  {
    provider: 'hubspot',
    credentials: (c) => ({ clientId: c.HUBSPOT_CLIENT_ID, clientSecret: c.HUBSPOT_CLIENT_SECRET }),
    create: (c, clientId, clientSecret) => createHubspotConnector({ clientId, clientSecret, appBaseUrl: c.HUBSPOT_APP_BASE_URL, apiBaseUrl: c.HUBSPOT_API_BASE_URL }),
  },
  {
    provider: 'salesforce',
    credentials: (c) => ({ clientId: c.SALESFORCE_CLIENT_ID, clientSecret: c.SALESFORCE_CLIENT_SECRET }),
    create: (c, clientId, clientSecret) => createSalesforceConnector({ clientId, clientSecret, loginUrl: c.SALESFORCE_LOGIN_URL }),
  },
  {
    provider: 'google-calendar',
    credentials: (c) => ({ clientId: c.GOOGLE_CLIENT_ID, clientSecret: c.GOOGLE_CLIENT_SECRET }),
    create: (c, clientId, clientSecret) =>
      createGoogleCalendarConnector({
        clientId,
        clientSecret,
        oauthBaseUrl: c.GOOGLE_OAUTH_BASE_URL,
        ...(c.GOOGLE_TOKEN_URL ? { tokenUrl: c.GOOGLE_TOKEN_URL } : {}),
        apiBaseUrl: c.GOOGLE_API_BASE_URL,
      }),
  },
];

export const ALL_PROVIDERS: readonly Provider[] = CONNECTORS.map((e) => e.provider);

export function createConnectors(config: ConnectorConfig): Map<Provider, Connector> {
  const out = new Map<Provider, Connector>();
  for (const e of CONNECTORS) {
    const { clientId, clientSecret } = e.credentials(config);
    if (clientId && clientSecret) out.set(e.provider, e.create(config, clientId, clientSecret));
  }
  return out;
}
