import { z } from 'zod';
import { defineManifest, envOptional, envUrl, fieldMappingSetting } from '../manifest.ts';
import { DEFAULT_API_BASE_URL, DEFAULT_APP_BASE_URL } from './client.ts';
import { createHubspotConnector } from './connector.ts';
import { OPTIONAL_SCOPES, REQUIRED_SCOPES } from './oauth.ts';

export const hubspotManifest = defineManifest({
  provider: 'hubspot',
  displayName: 'HubSpot',
  capabilities: ['crm'],
  env: {
    HUBSPOT_CLIENT_ID: envOptional(z.string()),
    HUBSPOT_CLIENT_SECRET: envOptional(z.string()),
    HUBSPOT_APP_BASE_URL: envUrl.default(DEFAULT_APP_BASE_URL),
    HUBSPOT_API_BASE_URL: envUrl.default(DEFAULT_API_BASE_URL),
  },
  credentials: { clientId: 'HUBSPOT_CLIENT_ID', clientSecret: 'HUBSPOT_CLIENT_SECRET' },
  /**
   * 100 object requests per rolling 10 s per account for OAuth apps and 5 search requests per second (both
   * from HubSpot's API usage guidelines); 5 % headroom on objects and a margin on both windows. A slot is
   * stamped again when HubSpot's answer arrives (after HubSpot counted the request), so the objects margin no
   * longer has to cover the time a request is in flight: 100 ms is left for clock and gateway skew.
   */
  limits: {
    objects: { max: 95, windowMs: 10_000, marginMs: 100 },
    search: { max: 5, windowMs: 1_000, marginMs: 50 },
  },
  settings: z.object({ fieldMapping: fieldMappingSetting.optional() }),
  outcomeIds: { person: 'contact', activity: 'call' },
  scopes: { required: REQUIRED_SCOPES, optional: OPTIONAL_SCOPES },
  erasure: {
    supported: true,
    how: 'GDPR delete of the contacts Leadline created or updated, and archive of the call engagements it logged',
  },
  lazyPackages: ['@hubspot/api-client'],
  create: (env, client) =>
    createHubspotConnector({ ...client, appBaseUrl: env.HUBSPOT_APP_BASE_URL, apiBaseUrl: env.HUBSPOT_API_BASE_URL }),
});
