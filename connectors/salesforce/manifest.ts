import { z } from 'zod';
import { defineManifest, envOptional, envUrl, fieldMappingSetting } from '../manifest.ts';
import { createSalesforceConnector, DEFAULT_LOGIN_URL } from './connector.ts';
import { SALESFORCE_HOSTS, SALESFORCE_SCOPES } from './oauth.ts';

export const salesforceManifest = defineManifest({
  provider: 'salesforce',
  displayName: 'Salesforce',
  capabilities: ['crm'],
  env: {
    SALESFORCE_CLIENT_ID: envOptional(z.string()),
    SALESFORCE_CLIENT_SECRET: envOptional(z.string()),
    /** https://test.salesforce.com for sandboxes. */
    SALESFORCE_LOGIN_URL: envUrl.default(DEFAULT_LOGIN_URL),
    /** Extra host suffixes (comma-separated) an org's instance_url / id may be on, besides Salesforce's own. */
    SALESFORCE_ALLOWED_HOSTS: envOptional(
      z.string().regex(/^[a-z0-9.-]+(,[a-z0-9.-]+)*$/i, 'comma-separated host names'),
    ),
  },
  credentials: { clientId: 'SALESFORCE_CLIENT_ID', clientSecret: 'SALESFORCE_CLIENT_SECRET' },
  // Salesforce counts a daily allocation (the connector pauses on Sforce-Limit-Info); this only smooths bursts.
  limits: { api: { max: 25, windowMs: 1_000, marginMs: 50 } },
  settings: z.object({
    fieldMapping: fieldMappingSetting.optional(),
    /** Company when the lead has none (Salesforce requires one). */
    defaultCompany: z.string().trim().min(1).max(200).optional(),
  }),
  outcomeIds: { person: 'lead', activity: 'task' },
  scopes: { required: SALESFORCE_SCOPES },
  erasure: { supported: true, how: 'delete of the Leads and Tasks Leadline created (jsforce, sObject Collections)' },
  lazyPackages: ['jsforce'],
  create: (env, client) =>
    createSalesforceConnector({
      ...client,
      loginUrl: env.SALESFORCE_LOGIN_URL,
      allowedHosts: [...SALESFORCE_HOSTS, ...(env.SALESFORCE_ALLOWED_HOSTS?.split(',') ?? [])],
    }),
});
