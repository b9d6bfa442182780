/**
 * accessToken() with a provider that rotates refresh tokens: the new one is stored (sealed) and is the one
 * sent next time; the old one is never sent again. HubSpot's token endpoint is nocked.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { appContext } from '../../server/runtime.ts';
import { decryptSecret } from '../../server/crypto/secrets.ts';
import { connectionSlot } from '../../server/sync/grants.ts';
import { accessToken } from '../../server/sync/tokens.ts';
import { startTestApp, testConfig, type TestApp } from '../../testkit/app.ts';
import { freshHubId, hubspotConnection } from '../../testkit/seed-leads.ts';

const API = 'https://api.hubspot.test';
let app: TestApp;
let ctx: AppContext;
beforeAll(async () => {
  app = await startTestApp();
  ctx = appContext(
    testConfig({ HUBSPOT_CLIENT_ID: 'client', HUBSPOT_CLIENT_SECRET: 'secret', HUBSPOT_API_BASE_URL: API }),
    app.ctx.db,
    app.ctx.log,
  );
});
afterAll(() => app?.close());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** The token endpoint accepts exactly `refreshToken` and answers with a new access and refresh token. */
function rotation(refreshToken: string, next: { access: string; refresh: string }) {
  const sent: string[] = [];
  nock(API)
    .post('/oauth/v1/token', (body: Record<string, string>) => {
      sent.push(body.refresh_token!);
      return body.grant_type === 'refresh_token' && body.refresh_token === refreshToken && body.client_id === 'client';
    })
    .reply(200, { token_type: 'bearer', access_token: next.access, refresh_token: next.refresh, expires_in: 1800 });
  return sent;
}

describe('accessToken with rotating refresh tokens', () => {
  it('stores the rotated refresh token sealed and sends only it from then on', async () => {
    const { conn } = await hubspotConnection(ctx, { hubId: freshHubId(), token: 'at-1', refreshToken: 'rt-1' });
    const expireSoon = () =>
      ctx.db.connection.update({ where: { id: conn.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    await expireSoon(); // inside the 5-minute margin

    const first = rotation('rt-1', { access: 'at-2', refresh: 'rt-2' });
    expect(await accessToken(ctx, conn.id)).toBe('at-2');
    expect(first).toEqual(['rt-1']);
    const row = await ctx.db.connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(decryptSecret(ctx.config, row.refreshTokenEnc!, connectionSlot(conn.id, 'refreshToken'))).toBe('rt-2');
    expect(decryptSecret(ctx.config, row.accessTokenEnc!, connectionSlot(conn.id, 'accessToken'))).toBe('at-2');
    expect(row.refreshTokenEnc).toMatch(/^v2\./);
    expect(JSON.stringify(row)).not.toMatch(/rt-2|at-2/);
    expect(row.tokenKeyId).toBe(ctx.config.currentKeyId);
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    // Fresh now: no refresh.
    expect(await accessToken(ctx, conn.id)).toBe('at-2');

    // Expiring again: the rotated token is the one sent (the provider has retired rt-1).
    await expireSoon();
    const second = rotation('rt-2', { access: 'at-3', refresh: 'rt-3' });
    expect(await accessToken(ctx, conn.id)).toBe('at-3');
    expect(second).toEqual(['rt-2']);

    // The provider rejected at-3 (forced refresh): again with the latest refresh token.
    const third = rotation('rt-3', { access: 'at-4', refresh: 'rt-4' });
    expect(await accessToken(ctx, conn.id, { forceRefresh: true })).toBe('at-4');
    expect(third).toEqual(['rt-3']);
    const last = await ctx.db.connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(decryptSecret(ctx.config, last.refreshTokenEnc!, connectionSlot(conn.id, 'refreshToken'))).toBe('rt-4');
    expect(last.status).toBe('active');
  });
});
