/**
 * Plan limits other features read, enforced where each thing is added: phone numbers, seats, CRM
 * connections, callbacks a day. Over the limit: 403 problem+json naming the plan and the limit, and
 * nothing written. Billing is on (the Stripe stand-in), so plans come from checkout and webhooks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteAndAccept, verifiedSignup } from '../../testkit/accounts.ts';
import type { TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia } from '../../testkit/http.ts';
import { browser, type Harness, P } from '../../testkit/oauth-harness.ts';
import { startOAuthServer, type OAuthServer } from '../../testkit/oauth-server.ts';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';
import { deliver, newStandin, stripeEnv } from '../../testkit/stripe-billing.ts';
import type { StripeStandin } from '../../testkit/stripe-standin.ts';
import { twilioOwns } from '../../testkit/twilio-numbers.ts';
import {
  randomIp,
  randomUsNumber,
  startWidgetApp,
  TWILIO_API,
  TWILIO_SID,
  TWILIO_TOKEN,
  validCallback,
} from '../../testkit/widget-app.ts';
import { withProof } from '../../testkit/widget-proof.ts';

let stripe: StripeStandin;
let oauth: OAuthServer;
let inbox: SmtpInbox;
let app: TestApp;
let web: ReturnType<typeof browser>;
const oauthOpts = {
  clientId: 'leadline-client',
  clientSecret: 'leadline-secret',
  redirectUris: [`https://leadline.test/oauth/${P}/callback`],
  user: { email: `cal-${randomUUID().slice(0, 8)}@example.com`, name: 'Front desk' },
};
beforeAll(async () => {
  stripe = await newStandin();
  oauth = await startOAuthServer(oauthOpts);
  inbox = await startSmtpInbox();
  app = await startWidgetApp({
    env: {
      ...stripeEnv(stripe),
      SMTP_URL: inbox.url,
      GOOGLE_CLIENT_ID: oauthOpts.clientId,
      GOOGLE_CLIENT_SECRET: oauthOpts.clientSecret,
      GOOGLE_OAUTH_BASE_URL: oauth.url,
      GOOGLE_TOKEN_URL: `${oauth.url}/token`,
      GOOGLE_API_BASE_URL: oauth.url,
    },
  });
  web = browser({ app, srv: oauth, opts: oauthOpts } as Harness);
});
afterAll(async () => {
  await app.close();
  await oauth.stop();
  await stripe.close();
  await inbox.stop();
});

/** A verified owner (numbers, CRMs and invitations need a verified e-mail) with a business. */
async function owner() {
  const u = await verifiedSignup(app, 'limits');
  const biz = await createBusinessVia(app.url, u.accessToken, { widgetOrigins: ['https://shop.example'] });
  return { token: u.accessToken, id: biz.id, key: (biz as { widgetPublicKey: string }).widgetPublicKey };
}

async function subscribe(id: string, token: string, plan: string) {
  const r = await call(app.url, 'POST', `/api/v1/businesses/${id}/billing/checkout`, { token, body: { plan } });
  expect(r.status).toBe(200);
  const done = stripe.completeCheckout(r.body.id);
  expect((await deliver(app.url, stripe.event('checkout.session.completed', done.session))).status).toBe(200);
}

function expectPlanLimit(r: { status: number; headers: Headers; body: any }, plan: string, limit: string) {
  expect(r.status).toBe(403);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body).toMatchObject({ type: 'https://leadline.dev/problems/plan-limit', plan, limit });
  expect(r.body.detail).toContain(`The ${plan[0]!.toUpperCase()}${plan.slice(1)} plan allows`);
}

const attach = (id: string, token: string) =>
  call(app.url, 'POST', `/api/v1/businesses/${id}/phone-numbers`, { token, body: { e164: randomUsNumber() } });

describe('phone numbers', () => {
  it('the trial allows one; Pro three; concurrent attaches cannot pass the limit together', async () => {
    const b = await owner();
    // The Twilio account owns every number asked: the plan is what refuses here. 1 + 1 + 5 lookups.
    const twilio = twilioOwns('any', { api: TWILIO_API, sid: TWILIO_SID, token: TWILIO_TOKEN, times: 7 });
    expect((await attach(b.id, b.token)).status).toBe(201);
    expectPlanLimit(await attach(b.id, b.token), 'trial', 'phoneNumbers');
    expect(await app.ctx.db.phoneNumber.count({ where: { businessId: b.id } })).toBe(1);

    await subscribe(b.id, b.token, 'pro');
    const replies = await Promise.all(Array.from({ length: 5 }, () => attach(b.id, b.token)));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 201, 403, 403, 403]);
    expectPlanLimit(replies.find((r) => r.status === 403)!, 'pro', 'phoneNumbers');
    expect(await app.ctx.db.phoneNumber.count({ where: { businessId: b.id } })).toBe(3);
    expect(twilio.isDone()).toBe(true);
  });
});

describe('seats', () => {
  it('refuses a member past the plan, writing nothing; an existing member is still refused as one', async () => {
    const b = await owner();
    const other = await verifiedSignup(app, 'colleague');
    // Members join by accepting an e-mailed invitation; the seat is taken (and the limit checked) at accept.
    const join = (invitee: { email: string; accessToken: string }, role: string) =>
      inviteAndAccept(app, inbox, { inviterToken: b.token, businessId: b.id, invitee, role });
    expectPlanLimit(await join(other, 'member'), 'trial', 'seats');
    expect(await app.ctx.db.membership.count({ where: { businessId: b.id } })).toBe(1);
    expect(await app.ctx.db.auditLog.count({ where: { businessId: b.id, action: 'member.added' } })).toBe(0);
    // The refused acceptance spent nothing: the invitation is still open.
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: b.id, acceptedAt: { not: null } } })).toBe(0);

    await subscribe(b.id, b.token, 'starter'); // two seats
    expect((await join(other, 'member')).status).toBe(200);
    const again = await join(other, 'member');
    expect(again.status).toBe(400);
    expect(again.body.detail).toMatch(/already a member/);
    const third = await verifiedSignup(app, 'third');
    expectPlanLimit(await join(third, 'admin'), 'starter', 'seats');
    expect(await app.ctx.db.membership.count({ where: { businessId: b.id } })).toBe(2);
    expect(await app.ctx.db.auditLog.count({ where: { businessId: b.id, action: 'member.added' } })).toBe(1);
  });
});

describe('CRM connections', () => {
  it('refuses a second CRM on the trial before the consent page, and at the callback if one appeared meanwhile', async () => {
    const b = await owner();
    const link = await web.installLink(b.token, b.id); // room for one: the link is given
    const { callbackUrl } = await web.authorizeVia(link);
    // Meanwhile another CRM was connected (another tab): the callback must not make it two.
    await app.ctx.db.connection.create({
      data: { businessId: b.id, provider: 'hubspot', externalAccountId: '777', scopes: [] },
    });
    const refused = await web.callback(callbackUrl);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ plan: 'trial', limit: 'crmConnections' });
    expect(await app.ctx.db.connection.count({ where: { businessId: b.id } })).toBe(1);

    const early = await call(app.url, 'POST', `/api/v1/businesses/${b.id}/connections/${P}/install-link`, {
      token: b.token,
    });
    expectPlanLimit(early, 'trial', 'crmConnections');
    const start = await web.get(`/oauth/${P}/install?businessId=${b.id}`, { authorization: `Bearer ${b.token}` });
    expect(start.status).toBe(403);
    expect(await app.ctx.db.oAuthState.count({ where: { businessId: b.id, usedAt: null } })).toBe(0);

    // A disconnected CRM no longer takes the place.
    await app.ctx.db.connection.updateMany({ where: { businessId: b.id }, data: { status: 'disconnected' } });
    const done = await web.callback((await web.authorizeVia(await web.installLink(b.token, b.id))).callbackUrl);
    expect(done.status).toBe(200);
    expect(await app.ctx.db.connection.count({ where: { businessId: b.id, status: 'active' } })).toBe(1);
  });
});

describe('callbacks a day', () => {
  it('accepts the trial’s ten in a rolling day, refuses the eleventh with nothing queued', async () => {
    const b = await owner();
    // Nine taken earlier today, one yesterday (outside the rolling day).
    const earlier = (hoursAgo: number) => ({
      businessId: b.id,
      name: 'Earlier',
      phone: randomUsNumber(),
      consentCall: true,
      tokenHash: randomUUID(),
      createdAt: new Date(Date.now() - hoursAgo * 3_600_000),
    });
    await app.ctx.db.callbackRequest.createMany({
      data: [...Array.from({ length: 9 }, (_, i) => earlier(i + 1)), earlier(25)],
    });
    // As the widget posts: with a freshly solved proof of work, so the plan is what refuses.
    const post = async () =>
      call(app.url, 'POST', '/widget/v1/callbacks', {
        headers: { origin: 'https://shop.example', 'x-forwarded-for': randomIp() },
        body: await withProof(app.url, 'https://shop.example', validCallback(b.key, { phone: randomUsNumber() })),
      });
    expect((await post()).status).toBe(201);
    const before = await app.ctx.db.callbackRequest.count({ where: { businessId: b.id } });
    const refused = await post();
    expectPlanLimit(refused, 'trial', 'callbacksPerDay');
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await app.ctx.db.callbackRequest.count({ where: { businessId: b.id } })).toBe(before);
    const jobs = await app.ctx.db.$queryRaw<{ n: bigint }[]>`
      select count(*) as n from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'callback.place'
      and j.payload->>'callbackRequestId' in (select id::text from "CallbackRequest" where "businessId" = ${b.id}::uuid)`;
    expect(Number(jobs[0]!.n)).toBe(1);
  });
});
