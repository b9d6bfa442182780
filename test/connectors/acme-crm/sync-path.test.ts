/**
 * "A CRM is a folder": a connector that lives only in this test folder (manifest, connector, a local Acme
 * API) is registered beside the built-in ones at start, and the whole sync path works for it through public
 * interfaces: install over a local OAuth server (code + PKCE), a lead from a simulated live call pushed by
 * the real worker, settings validated by its manifest, the lead sync status route, and backfill by API.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../../server/businesses/service.ts';
import { taskFactories } from '../../../server/jobs/tasks.ts';
import { startWorker, type JobWorker } from '../../../server/jobs/worker.ts';
import { startTestApp, type TestApp } from '../../../testkit/app.ts';
import { ownDatabase } from '../../../testkit/own-database.ts';
import { startFakeRealtime, type FakeRealtimeServer } from '../../../testkit/fake-realtime.ts';
import { verifiedSignup } from '../../../testkit/accounts.ts';
import { cookieJar } from '../../../testkit/cookie-jar.ts';
import { call, uniqueEmail } from '../../../testkit/http.ts';
import { liveConsentedCall, until } from '../../../testkit/live-call.ts';
import { startOAuthServer, type OAuthServer } from '../../../testkit/oauth-server.ts';
import { fakeNumber, postTwilio, telephonyEnv } from '../../../testkit/twilio.ts';
import { startAcmeApi, workspaceIdOf, type AcmeApi } from './api-server.ts';
import { acmeCrmManifest } from './manifest.ts';

const P = 'acme-crm';
const user = { email: uniqueEmail('acme'), name: 'Dana Front Desk' };
let realtime: FakeRealtimeServer;
let oauth: OAuthServer;
let acme: AcmeApi;
let app: TestApp;
let worker: JobWorker;
let drop: () => Promise<void>;

beforeAll(async () => {
  realtime = await startFakeRealtime({ echo: 'exact' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-ca-'));
  writeFileSync(path.join(dir, 'ca.pem'), realtime.ca);
  oauth = await startOAuthServer({
    clientId: 'acme-client',
    clientSecret: 'acme-secret',
    redirectUris: [`https://leadline.test/oauth/${P}/callback`],
    user,
  });
  acme = await startAcmeApi((token) => {
    const t = oauth.accessTokens.get(token);
    return t && t.expiresAt > Date.now() ? t.user : null;
  });
  // A database of its own: a worker on the shared one would take other files' jobs, and theirs this file's
  // call.process (their registries lack acme-crm, so the lead would roll back and wait for a retry).
  const own = await ownDatabase('acmecrm');
  drop = own.drop;
  app = await startTestApp({
    env: telephonyEnv({
      DATABASE_URL: own.url,
      OPENAI_API_KEY: realtime.apiKey,
      OPENAI_BASE_URL: realtime.baseURL,
      OPENAI_REALTIME_CA_FILE: path.join(dir, 'ca.pem'),
      ACME_CLIENT_ID: 'acme-client',
      ACME_CLIENT_SECRET: 'acme-secret',
      ACME_OAUTH_URL: oauth.url,
      ACME_API_URL: acme.url,
    }),
    connectors: [acmeCrmManifest],
  });
  // The real worker with every job handler: call processing, lead notifications, CRM sync.
  worker = await startWorker(app.ctx, own.url, taskFactories, 4);
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await acme?.stop();
  await oauth?.stop();
  await realtime?.close();
  await drop?.();
});

/** A consented AI call in which the caller leaves a request, hangs up, and Twilio reports it completed. */
async function simulatedCall(phone: string, from: string, name: string): Promise<string> {
  const { sid, call: row, twilioSide, ai } = await liveConsentedCall(app, realtime, { phone, from });
  ai.agentTranscript(`a1-${sid}`, 'Thanks for calling Rapid Rooter Plumbing. How can I help?');
  ai.callerTranscript(
    `c1-${sid}`,
    `Hi, this is ${name}. My kitchen faucet is leaking, could someone come fix it next week?`,
  );
  ai.agentTranscript(`a2-${sid}`, 'Of course. Is this number the best one to reach you?');
  ai.callerTranscript(`c2-${sid}`, 'Yes, this number is fine.');
  await until(
    async () => (await app.ctx.db.transcriptSegment.count({ where: { callId: row.id } })) === 4,
    'four stored segments',
  );
  twilioSide.stop();
  await ai.closed;
  await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '64' });
  const lead = await until(
    async () => (await app.ctx.db.call.findUniqueOrThrow({ where: { id: row.id } })).leadId,
    'the call to become a lead',
    // The post-call job runs on the worker started above; under a full parallel suite it can queue behind
    // other files' work for a while. A bound on waiting, not a speed claim (speed lives in bench/).
    60_000,
  );
  return lead;
}

/** The lead's sync status for Acme, as the public lead route shows it. */
async function acmeStatus(token: string, leadId: string) {
  const r = await call(app.url, 'GET', `/api/v1/leads/${leadId}`, { token });
  expect(r.status).toBe(200);
  return (
    r.body.sync as {
      provider: string;
      status: string;
      externalId: string | null;
      deepLink: string | null;
      error: string | null;
    }[]
  ).find((s) => s.provider === P);
}
const settled = (token: string, leadId: string, status: string) =>
  until(
    async () => ((await acmeStatus(token, leadId))?.status === status ? acmeStatus(token, leadId) : null),
    `lead ${leadId} ${status} in Acme`,
    20_000,
  );

describe('a connector registered from outside server/ and connectors/', () => {
  it('installs, pushes a lead from a live call, reports its status, and backfills', async () => {
    const owner = await verifiedSignup(app, 'acme-owner');
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
    const phone = fakeNumber();
    const biz = await createBusiness(app.ctx.db, {
      name: 'Rapid Rooter Plumbing',
      services: ['drain cleaning', 'leak repair'],
      timezone: 'America/Chicago',
      phone,
      ownerAccountId: account.id,
    });
    const ws = workspaceIdOf(user.email);

    // A lead from before Acme was connected: nothing to push it to yet.
    const early = await simulatedCall(phone, '+15125550111', 'Maria Gonzalez');
    expect(await acmeStatus(owner.accessToken, early)).toBeUndefined();

    // Install: in-app link → Acme's consent (auto-approved) → callback: code exchanged with PKCE, account read.
    const link = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/connections/${P}/install-link`, {
      token: owner.accessToken,
    });
    expect(link.status).toBe(200);
    // One browser: the install's `__Host-` nonce cookie must come back with the callback.
    const browser = cookieJar();
    const install = await browser.keep(
      fetch((link.body.url as string).replace('https://leadline.test', app.url), { redirect: 'manual' }),
    );
    expect(install.status).toBe(302);
    const authorize = new URL(install.headers.get('location')!);
    expect(authorize.origin).toBe(oauth.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const consent = await fetch(authorize, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const done = await fetch(consent.headers.get('location')!.replace('https://leadline.test', app.url), {
      headers: { accept: 'application/json', ...browser.header() },
    });
    const installed = (await done.json()) as any;
    expect(done.status).toBe(200);
    expect(installed.connection).toMatchObject({
      provider: P,
      status: 'active',
      externalAccountId: ws,
      externalName: `${user.name}'s workspace`,
      scopes: ['people:write', 'notes:write'],
    });
    // The lead from before the install is backfilled by the install itself.
    expect(installed.backfilled).toBe(1);

    const first = await settled(owner.accessToken, early, 'synced');
    const [maria] = acme.people(ws);
    // The manifest says which outcome key is the person: the lead shows the person, not the call's note.
    expect(first).toMatchObject({ externalId: maria!.id, deepLink: `${acme.url}/people/${maria!.id}`, error: null });
    expect(maria).toMatchObject({ name: 'Maria Gonzalez', phone: '+15125550111', tag: null });
    expect(acme.notes(ws)).toEqual([
      expect.objectContaining({ personId: maria!.id, body: expect.stringContaining('kitchen faucet') }),
    ]);
    // …and the call's record shows the note, the manifest's activity.
    const earlyCall = await app.ctx.db.call.findFirstOrThrow({ where: { leadId: early } });
    const callRecord = await app.ctx.db.syncRecord.findFirstOrThrow({
      where: { kind: 'call', localId: earlyCall.id, connection: { provider: P } },
    });
    expect(callRecord).toMatchObject({ status: 'synced', externalId: acme.notes(ws)[0]!.id });

    // Settings are the manifest's: Acme's own is taken, another provider's is refused.
    const tagged = await call(app.url, 'PATCH', `/api/v1/businesses/${biz.id}/connections/${P}`, {
      token: owner.accessToken,
      body: { personTag: 'leadline' },
    });
    expect(tagged.status).toBe(200);
    expect(tagged.body.settings).toEqual({ personTag: 'leadline' });
    const foreign = await call(app.url, 'PATCH', `/api/v1/businesses/${biz.id}/connections/${P}`, {
      token: owner.accessToken,
      body: { defaultCompany: 'Acme Inc' },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.detail).toBe('Acme CRM has no setting defaultCompany');

    // A call while the workspace refuses writes: the lead fails with Acme's reason, shown on the lead.
    acme.readOnly = true;
    const late = await simulatedCall(phone, '+15125550122', 'Tom Becker');
    const failed = await settled(owner.accessToken, late, 'failed');
    expect(failed?.error).toContain('workspace_read_only');
    expect(acme.people(ws)).toHaveLength(1);

    // Backfill by API re-sends what is not synced (only that lead and its call), with the new setting.
    acme.readOnly = false;
    const bf = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/connections/${P}/backfill`, {
      token: owner.accessToken,
      body: { days: 1 },
    });
    expect(bf.status).toBe(202);
    expect(bf.body.queued).toEqual({ leads: 1, calls: 1 });
    const second = await settled(owner.accessToken, late, 'synced');
    const tom = acme.people(ws).find((p) => p.phone === '+15125550122');
    expect(tom).toMatchObject({ name: 'Tom Becker', tag: 'leadline' });
    expect(second).toMatchObject({ externalId: tom!.id, error: null });
    expect(acme.people(ws)).toHaveLength(2);
    expect(
      acme
        .notes(ws)
        .map((n) => n.personId)
        .sort(),
    ).toEqual([maria!.id, tom!.id].sort());

    // The budget is the manifest's: one `api` bucket of 20 slots for this Acme workspace.
    const slots = await app.ctx.db.rateWindow.count({ where: { key: { startsWith: `budget:${P}:${ws}:api:` } } });
    expect(slots).toBe(acmeCrmManifest.limits.api!.max);

    const health = await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/connections`, { token: owner.accessToken });
    expect(health.body.items).toEqual([
      expect.objectContaining({
        provider: P,
        status: 'active',
        counts: expect.objectContaining({ synced: 2, failed: 0 }),
      }),
    ]);
  }, 120_000);
});
