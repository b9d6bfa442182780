/**
 * Sealed secrets are bound to their row through the real storage path: tokens written by completeInstall
 * and read by accessToken, set-up payloads written by issueSetupToken and read by openSetupToken. A
 * ciphertext copied into another row (what someone with write access to the database but not the key
 * could do) must not open there; rows sealed in the old format (v1) and with a rotated-out key still do.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/types.ts';
import { createBusiness } from '../../server/businesses/service.ts';
import type { AppContext } from '../../server/context.ts';
import { keyIdOf } from '../../server/config.ts';
import { completeInstall } from '../../server/oauth/install.ts';
import { issueSetupToken, openSetupToken } from '../../server/oauth/setup-token.ts';
import { verifySetupId } from '../../server/oauth/state.ts';
import { accessToken } from '../../server/sync/tokens.ts';
import { sealV1 } from '../../testkit/legacy-secret.ts';
import { startTestApp, TEST_KEY, testConfig, type TestApp } from '../../testkit/app.ts';

let app: TestApp;
let ctx: AppContext;
beforeAll(async () => {
  app = await startTestApp();
  ctx = app.ctx;
});
afterAll(() => app?.close());

async function install(name: string, token: string) {
  const b = await createBusiness(ctx.db, { name });
  const grant = {
    accessToken: token,
    refreshToken: `refresh-${token}`,
    expiresAt: new Date(Date.now() + 3600_000),
    scopes: ['oauth'],
    instanceUrl: null,
    idUrl: null,
  };
  const account = { id: `hub-${randomBytes(4).toString('hex')}`, name, ownerEmail: null, instanceUrl: null };
  const r = await completeInstall(ctx, {
    provider: 'hubspot',
    connector: {} as Connector,
    grant,
    account,
    businessId: b.id,
    accountId: null,
  });
  return r.connection;
}

describe('connection tokens', () => {
  it('a token copied into another connection does not open there; its own row still does', async () => {
    const a = await install('Alpha Plumbing', 'token-of-alpha');
    const b = await install('Beta Heating', 'token-of-beta');
    expect(a.accessTokenEnc).toMatch(/^v2\./);
    expect(await accessToken(ctx, a.id)).toBe('token-of-alpha');

    await ctx.db.$executeRaw`update "Connection" set "accessTokenEnc" = ${a.accessTokenEnc} where "id" = ${b.id}::uuid`;
    await expect(accessToken(ctx, b.id)).rejects.toThrow(`does not open for Connection:${b.id}:accessToken`);
    expect(await accessToken(ctx, a.id)).toBe('token-of-alpha');
  });

  it('reads a row sealed in the old format (no row binding)', async () => {
    const c = await install('Gamma Roofing', 'replaced');
    await ctx.db.connection.update({
      where: { id: c.id },
      data: { accessTokenEnc: sealV1(Buffer.from(TEST_KEY, 'base64'), ctx.config.currentKeyId, 'legacy-token') },
    });
    expect(await accessToken(ctx, c.id)).toBe('legacy-token');
  });

  it('reads rows sealed with a key since rotated into ENCRYPTION_KEYS_OLD', async () => {
    const c = await install('Delta Electric', 'before-rotation');
    const newKey = Buffer.alloc(32, 42).toString('base64');
    const rotated: AppContext = {
      ...ctx,
      config: testConfig({
        ENCRYPTION_KEY: newKey,
        ENCRYPTION_KEYS_OLD: `${keyIdOf(Buffer.from(TEST_KEY, 'base64'))}:${TEST_KEY}`,
      }),
    };
    expect(rotated.config.currentKeyId).not.toBe(ctx.config.currentKeyId);
    expect(await accessToken(rotated, c.id)).toBe('before-rotation');
  });
});

describe('set-up token payloads', () => {
  it('a payload copied into another set-up row does not open there', async () => {
    const owner = await ctx.db.account.create({
      data: { email: `owner-${randomBytes(4).toString('hex')}@example.com`, passwordHash: 'x' },
    });
    const first = await issueSetupToken(ctx, {
      provider: 'hubspot',
      accountId: owner.id,
      businessId: null,
      payload: { kind: 'password' },
    });
    const second = await issueSetupToken(ctx, {
      provider: 'hubspot',
      accountId: owner.id,
      businessId: null,
      payload: { kind: 'password' },
    });
    expect((await openSetupToken(ctx, first)).payload).toEqual({ kind: 'password' });
    const [firstId, secondId] = [
      verifySetupId(ctx.config.jwtSecret, first)!,
      verifySetupId(ctx.config.jwtSecret, second)!,
    ];
    await ctx.db
      .$executeRaw`update "OAuthState" set "codeVerifierEnc" = (select "codeVerifierEnc" from "OAuthState" where "id" = ${firstId}::uuid) where "id" = ${secondId}::uuid`;
    await expect(openSetupToken(ctx, second)).rejects.toThrow(`does not open for OAuthState:${secondId}:codeVerifier`);
  });
});
