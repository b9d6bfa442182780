/**
 * The manifest of a connector that is not built in: registered at start through loadConfig's connector list
 * (testkit/app.ts passes it), with nothing in server/ or connectors/ naming it.
 */
import { z } from 'zod';
import { defineManifest, envOptional, envUrl } from '../../../connectors/manifest.ts';
import { ACME_SCOPES, acmeSettingsSchema, createAcmeConnector } from './connector.ts';

export const acmeCrmManifest = defineManifest({
  provider: 'acme-crm',
  displayName: 'Acme CRM',
  capabilities: ['crm'],
  env: {
    ACME_CLIENT_ID: envOptional(z.string()),
    ACME_CLIENT_SECRET: envOptional(z.string()),
    ACME_OAUTH_URL: envUrl.default('https://login.acme-crm.example'),
    ACME_API_URL: envUrl.default('https://api.acme-crm.example'),
  },
  credentials: { clientId: 'ACME_CLIENT_ID', clientSecret: 'ACME_CLIENT_SECRET' },
  limits: { api: { max: 20, windowMs: 1_000, marginMs: 50 } },
  settings: acmeSettingsSchema,
  outcomeIds: { person: 'person', activity: 'note' },
  scopes: { required: ACME_SCOPES },
  erasure: { supported: false, reason: 'the Acme CRM API has no delete' },
  create: (env, client) => createAcmeConnector({ ...client, oauthUrl: env.ACME_OAUTH_URL, apiUrl: env.ACME_API_URL }),
});
