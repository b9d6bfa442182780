/**
 * #12 item 7: members join by an e-mailed invitation they accept, never by an admin naming an existing account.
 * The token in the delivered mail is single-use and only admits the verified account of the invited address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { createBusinessVia, signup } from '../../testkit/http.ts';
import { type SmtpInbox, startSmtpInbox } from '../../testkit/smtp-inbox.ts';

let app: TestApp;
let inbox: SmtpInbox;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  app = await startTestApp({ env: { SMTP_URL: inbox.url } });
});
afterAll(async () => {
  await app.close();
  await inbox.stop();
});

const tokenFor = async (email: string) =>
  /token=(inv_[\w-]+)/.exec(
    (await inbox.waitFor((m) => m.to.includes(email) && m.subject.includes('invited'))).text,
  )![1]!;
const members = (id: string) => app.ctx.db.membership.count({ where: { businessId: id } });
const invite = (as: { accessToken: string }, id: string, body: { email: string; role: 'admin' | 'member' }) =>
  apiClient(app.url, as.accessToken).POST('/api/v1/businesses/{id}/members', { params: { path: { id } }, body });
const accept = (as: { accessToken: string }, token: string) =>
  apiClient(app.url, as.accessToken).POST('/api/v1/invites/accept', { body: { token } });

describe('inviting members', () => {
  it('adds nobody until the invited address accepts; a forwarded or reused token admits no one', async () => {
    const owner = await verifiedSignup(app, 'owner');
    const invitee = await signup(app.url, 'invitee'); // an existing account, not yet verified
    const eavesdropper = await verifiedSignup(app, 'eve');
    const biz = await createBusinessVia(app.url, owner.accessToken);

    const sent = await invite(owner, biz.id, { email: invitee.email, role: 'admin' });
    expect(sent.response.status).toBe(202);
    expect(sent.data).toMatchObject({ email: invitee.email, role: 'admin' });
    expect(await members(biz.id)).toBe(1);
    const token = await tokenFor(invitee.email);
    const page = await fetch(`${app.url}/invite?token=${token}`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain(invitee.email);

    const forwarded = await accept(eavesdropper, token);
    expect(forwarded.response.status).toBe(403);
    // The refused attempt rolled back: the invitee can still use the token, once verified.
    const unverified = await accept(invitee, token);
    expect(unverified.response.status).toBe(403);
    expect(unverified.error!.type).toMatch(/email-unverified$/);
    expect(await members(biz.id)).toBe(1);

    await app.ctx.db.account.update({ where: { email: invitee.email }, data: { emailVerifiedAt: new Date() } });
    const ok = await accept(invitee, token);
    expect(ok.response.status).toBe(200);
    expect(ok.data).toMatchObject({ businessId: biz.id, role: 'admin' });
    const again = await accept(invitee, token);
    expect(again.response.status).toBe(400);
    expect(await members(biz.id)).toBe(2);
  });

  it('needs a verified inviter, and a withdrawn invitation admits no one', async () => {
    const unverifiedOwner = await signup(app.url, 'unverified-owner');
    const b1 = await createBusinessVia(app.url, unverifiedOwner.accessToken);
    const target = await verifiedSignup(app, 'target');
    const r = await invite(unverifiedOwner, b1.id, { email: target.email, role: 'member' });
    expect(r.response.status).toBe(403);
    expect(await app.ctx.db.memberInvite.count({ where: { businessId: b1.id } })).toBe(0);

    const owner = await verifiedSignup(app, 'owner2');
    const b2 = await createBusinessVia(app.url, owner.accessToken);
    const api = apiClient(app.url, owner.accessToken);
    const sent = (await invite(owner, b2.id, { email: target.email, role: 'member' })).data!;
    const listed = await api.GET('/api/v1/businesses/{id}/invites', { params: { path: { id: b2.id } } });
    expect(listed.data!.items).toEqual([expect.objectContaining({ id: sent.inviteId, email: target.email })]);
    const withdrawn = await api.DELETE('/api/v1/businesses/{id}/invites/{inviteId}', {
      params: { path: { id: b2.id, inviteId: sent.inviteId } },
    });
    expect(withdrawn.response.status).toBe(204);
    const token = await tokenFor(target.email);
    expect((await accept(target, token)).response.status).toBe(400);
    expect(await members(b2.id)).toBe(1);
  });
});
