/**
 * Sync tests' HubSpot account: a fresh stand-in account, a context whose HubSpot connector talks to it, and
 * a business connected to it. (Kept apart from fixtures.ts, which the bench imports outside vitest.)
 */
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../server/context.ts';
import { appContext } from '../server/runtime.ts';
import { afterAll, beforeAll } from 'vitest';
import { startTestApp, testConfig, type TestApp } from './app.ts';
import {
  startHubspotStandin,
  type HubspotStandin,
  type StandinAccount,
  type StandinOptions,
} from './hubspot-standin.ts';
import { freshHubId, hubspotConnection } from './seed-leads.ts';

/** The context's HubSpot settings for a stand-in at `url`. */
export const hubspotEnv = (url: string) => ({
  HUBSPOT_CLIENT_ID: 'client',
  HUBSPOT_CLIENT_SECRET: 'secret',
  HUBSPOT_API_BASE_URL: url,
  HUBSPOT_APP_BASE_URL: 'https://app.hubspot.test',
});

/** Stand-ins started here; stop them in afterAll. */
export const startedStandins: HubspotStandin[] = [];

export async function hubAccount(app: TestApp, opts: StandinOptions & { businessId?: string } = {}) {
  const account: StandinAccount = {
    hubId: freshHubId(),
    token: `tok-${randomUUID()}`,
    refreshToken: `ref-${randomUUID()}`,
  };
  const { businessId: existing, ...standinOpts } = opts;
  const standin = await startHubspotStandin({ accounts: [account], retryAfterHeader: true, ...standinOpts });
  startedStandins.push(standin);
  // Its own context: the connector registry is built from the config, once per context.
  const ctx: AppContext = appContext(testConfig(hubspotEnv(standin.url)), app.ctx.db, app.ctx.log);
  const { conn, businessId } = await hubspotConnection(ctx, {
    hubId: account.hubId,
    token: account.token,
    refreshToken: account.refreshToken!,
    ...(existing ? { businessId: existing } : {}),
  });
  return { standin, ctx, conn, businessId, account };
}

export const stopStandins = () => Promise.all(startedStandins.splice(0).map((s) => s.stop()));

/** A test app for this file, closed after it together with every stand-in the file started. */
export function useHubApp(): () => TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
    await stopStandins();
  });
  return () => app!;
}
