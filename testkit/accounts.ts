/** Account fixtures for tests whose subject is not sign-up itself. */
import type { TestApp } from './app.ts';
import { apiClient } from './api-client.ts';
import { signup } from './http.ts';
import type { SmtpInbox } from './smtp-inbox.ts';

/**
 * A signed-up account whose e-mail counts as verified, for tests of what verified accounts may do. The
 * verification flow itself is tested through the mail it sends (test/platform/auth.test.ts).
 */
export async function verifiedSignup(app: TestApp, tag?: string) {
  const user = await signup(app.url, tag);
  await app.ctx.db.account.update({ where: { email: user.email }, data: { emailVerifiedAt: new Date() } });
  return user;
}

/**
 * An admin invites `invitee` by e-mail, and the invitee accepts the token read from the delivered mail (the app
 * must send mail to `inbox`). Returns the accept answer.
 */
export async function inviteAndAccept(
  app: TestApp,
  inbox: SmtpInbox,
  p: {
    inviterToken: string;
    businessId: string;
    invitee: { email: string; accessToken: string };
    role: string;
  },
) {
  // Fixtures callers read as { status, body }, whichever way the call went.
  const reply = (r: { response: Response; data?: unknown; error?: unknown }) => ({
    status: r.response.status,
    headers: r.response.headers,
    body: (r.data ?? r.error) as any,
  });
  const invites = () => inbox.to(p.invitee.email).filter((m) => m.subject.includes('invited'));
  const before = invites().length;
  const sent = reply(
    await apiClient(app.url, p.inviterToken).POST('/api/v1/businesses/{id}/members', {
      params: { path: { id: p.businessId } },
      body: { email: p.invitee.email, role: p.role as 'member' },
    }),
  );
  if (sent.status !== 202) return sent;
  await inbox.waitFor(() => invites().length > before);
  const mail = invites().at(-1)!;
  const token = /token=(inv_[\w-]+)/.exec(mail.text)?.[1];
  return reply(
    await apiClient(app.url, p.invitee.accessToken).POST('/api/v1/invites/accept', { body: { token: token! } }),
  );
}
