/**
 * #12 items 7 and 8, performed as an attacker would through the public API: brute-forcing mailed codes
 * (in parallel, and across fresh codes), rotating IPv6 addresses inside one /64, and logging in to an account
 * with two-factor on with the password alone. Mail is read from a real SMTP server, as a user reads it.
 */
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
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

/** The newest mail to `to` whose subject contains `subject`, waiting for it to arrive. */
async function mail(to: string, subject: string, after = 0) {
  await inbox.waitFor((m) => m.to.includes(to) && m.subject.includes(subject) && inbox.to(to).length > after);
  return inbox
    .to(to)
    .filter((m) => m.subject.includes(subject))
    .at(-1)!;
}
const codeIn = (text: string) => text.match(/\b(\d{6})\b/)![1]!;
const tokenIn = (text: string, path: string) =>
  new URL(text.match(new RegExp(`https://leadline\\.test${path}\\?token=[\\w-]+`))![0]).searchParams.get('token')!;
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('mailed codes', () => {
  it('counts parallel guesses atomically: 25 at once spend the code, and the right one then fails', async () => {
    const u = await signup(app.url, 'parallel');
    await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
    const code = codeIn((await mail(u.email, 'Reset')).text);
    const guesses = await Promise.all(
      Array.from({ length: 25 }, () =>
        call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
          body: { email: u.email, code: otherThan(code), newPassword: 'attacker password 1' },
        }),
      ),
    );
    expect(guesses.every((g) => g.status === 400 || g.status === 429)).toBe(true);
    const row = await app.ctx.db.oneTimeCode.findFirstOrThrow({
      where: { account: { email: u.email }, purpose: 'reset_password' },
      orderBy: { createdAt: 'desc' },
    });
    expect(row.attempts).toBe(5);
    const late = await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { email: u.email, code, newPassword: 'attacker password 1' },
    });
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/login', { body: { email: u.email, password: u.password } })).status,
    ).toBe(200);
  });

  it('does not give fresh guesses with fresh codes: the account has a budget, and mail is capped', async () => {
    const u = await signup(app.url, 'budget');
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
      for (let i = 0; i < 5; i++)
        statuses.push(
          (
            await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
              body: { email: u.email, code: '000000', newPassword: 'attacker password 1' },
            })
          ).status,
        );
    }
    // 10 guesses an hour per account, whatever the number of codes.
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    // A sixth reset mail within the hour is not sent, and the answer does not say so.
    for (let i = 0; i < 4; i++)
      expect(
        (await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } })).status,
      ).toBe(202);
    await mail(u.email, 'Reset');
    await new Promise((r) => setTimeout(r, 300));
    expect(inbox.to(u.email).filter((m) => m.subject.includes('Reset'))).toHaveLength(5);
  });

  it('verifies and resets through long single-use links', async () => {
    const u = await signup(app.url, 'links');
    const verify = tokenIn((await mail(u.email, 'verification')).text, '/verify-email');
    expect(verify.length).toBeGreaterThanOrEqual(43);
    const page = await fetch(`${app.url}/verify-email?token=${verify}`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('<form method="post" action="/verify-email">');
    // Opening the link (as a mail scanner does) verifies nothing; the button does.
    expect((await call(app.url, 'GET', '/api/v1/me', { token: u.accessToken })).body.emailVerified).toBe(false);
    expect((await call(app.url, 'POST', '/api/v1/auth/verify-email/link', { body: { token: verify } })).status).toBe(
      204,
    );
    expect((await call(app.url, 'GET', '/api/v1/me', { token: u.accessToken })).body.emailVerified).toBe(true);
    expect((await call(app.url, 'POST', '/api/v1/auth/verify-email/link', { body: { token: verify } })).status).toBe(
      400,
    );

    await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
    const reset = tokenIn((await mail(u.email, 'Reset')).text, '/reset-password');
    const done = await fetch(`${app.url}/reset-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ token: reset, newPassword: 'a new password by link' }),
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Password changed');
    const again = await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: reset, newPassword: 'attacker password 1' },
    });
    expect(again.status).toBe(400);
    expect(
      (
        await call(app.url, 'POST', '/api/v1/auth/login', {
          body: { email: u.email, password: 'a new password by link' },
        })
      ).status,
    ).toBe(200);
  });

  it('a password reset revokes the API keys the account made and shows who is a member', async () => {
    const u = await signup(app.url, 'reset-keys');
    await app.ctx.db.account.update({ where: { email: u.email }, data: { emailVerifiedAt: new Date() } });
    const biz = await createBusinessVia(app.url, u.accessToken, { name: 'Keyed' });
    const key = (
      await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/api-keys`, {
        token: u.accessToken,
        body: { name: 'intruder' },
      })
    ).body.key as string;
    expect((await call(app.url, 'GET', `/api/v1/businesses/${biz.id}`, { token: key })).status).toBe(200);
    await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
    const code = codeIn((await mail(u.email, 'Reset')).text);
    const r = await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { email: u.email, code, newPassword: 'a brand new password' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      revokedApiKeys: 1,
      businesses: [
        { id: biz.id, name: 'Keyed', role: 'owner', members: [{ email: u.email, name: 'reset-keys', role: 'owner' }] },
      ],
    });
    expect((await call(app.url, 'GET', `/api/v1/businesses/${biz.id}`, { token: key })).status).toBe(401);
  });
});

describe('IPv6 clients', () => {
  it('share one rate-limit bucket per /64, however many addresses they rotate through', async () => {
    const limited = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' } });
    try {
      const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
      const statuses: number[] = [];
      for (let i = 1; i <= 5; i++)
        statuses.push(
          (
            await call(limited.url, 'POST', '/api/v1/auth/login', {
              body: { email: 'nobody@example.com', password: 'whatever at all' },
              headers: { 'x-forwarded-for': `${prefix}:${i.toString(16)}:0:0:${i}` },
            })
          ).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const neighbour = await call(limited.url, 'POST', '/api/v1/auth/login', {
        body: { email: 'nobody@example.com', password: 'whatever at all' },
        headers: { 'x-forwarded-for': `${prefix.replace(/:1$/, ':2')}::1` },
      });
      expect(neighbour.status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('two-factor (TOTP)', () => {
  const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });

  async function enrolled(tag: string) {
    const u = await signup(app.url, tag);
    const unverified = await call(app.url, 'POST', '/api/v1/me/two-factor', { token: u.accessToken });
    expect(unverified.status).toBe(403);
    const v = codeIn((await mail(u.email, 'verification')).text);
    await call(app.url, 'POST', '/api/v1/auth/verify-email/confirm', { token: u.accessToken, body: { code: v } });
    const start = await call(app.url, 'POST', '/api/v1/me/two-factor', { token: u.accessToken });
    expect(start.status).toBe(200);
    expect(start.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Leadline:/);
    const gen = totp(start.body.secret);
    expect(
      (await call(app.url, 'POST', '/api/v1/me/two-factor/verify', { token: u.accessToken, body: { code: '000000' } }))
        .status,
    ).toBe(gen.generate() === '000000' ? 200 : 400);
    const on = await call(app.url, 'POST', '/api/v1/me/two-factor/verify', {
      token: u.accessToken,
      body: { code: gen.generate({ timestamp: Date.now() - 30_000 }) },
    });
    expect(on.status).toBe(200);
    expect(on.body.recoveryCodes).toHaveLength(10);
    const stored = await app.ctx.db.recoveryCode.findMany({ where: { account: { email: u.email } } });
    expect(stored.map((r) => r.codeHash).join()).not.toContain(on.body.recoveryCodes[0]);
    expect(stored[0]!.codeHash).toMatch(/^\$argon2id\$/);
    return { ...u, gen, recovery: on.body.recoveryCodes as string[] };
  }

  it('asks for the second factor at log-in; the password alone gets no tokens', async () => {
    const u = await enrolled('totp');
    const step1 = await call(app.url, 'POST', '/api/v1/auth/login', { body: { email: u.email, password: u.password } });
    expect(step1.status).toBe(200);
    expect(step1.body).toMatchObject({ twoFactorRequired: true });
    expect(step1.body.accessToken).toBeUndefined();
    // The challenge is not an access token.
    expect((await call(app.url, 'GET', '/api/v1/me', { token: step1.body.challenge })).status).toBe(401);
    const code = u.gen.generate();
    const ok = await call(app.url, 'POST', '/api/v1/auth/login/two-factor', {
      body: { challenge: step1.body.challenge, code },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.accessToken).toBeTruthy();
    // The same code again (shoulder-surfed, replayed) is refused.
    const replay = await call(app.url, 'POST', '/api/v1/auth/login/two-factor', {
      body: { challenge: step1.body.challenge, code },
    });
    expect(replay.status).toBe(401);
    // A recovery code works once.
    const rc = await call(app.url, 'POST', '/api/v1/auth/login/two-factor', {
      body: { challenge: step1.body.challenge, code: u.recovery[3] },
    });
    expect(rc.status).toBe(200);
    const rcAgain = await call(app.url, 'POST', '/api/v1/auth/login/two-factor', {
      body: { challenge: step1.body.challenge, code: u.recovery[3] },
    });
    expect(rcAgain.status).toBe(401);
  });

  it('rate-limits second-factor attempts per account, wherever they come from', async () => {
    const u = await enrolled('totp-brute');
    const sessions = () => app.ctx.db.session.count({ where: { account: { email: u.email } } });
    const before = await sessions();
    const { challenge } = (
      await call(app.url, 'POST', '/api/v1/auth/login', { body: { email: u.email, password: u.password } })
    ).body;
    const right = u.gen.generate();
    const statuses = await Promise.all(
      Array.from({ length: 14 }, () =>
        call(app.url, 'POST', '/api/v1/auth/login/two-factor', { body: { challenge, code: otherThan(right) } }).then(
          (r) => r.status,
        ),
      ),
    );
    // Enrolment spent 2 of the 10 attempts of this quarter-hour.
    expect(statuses.filter((s) => s === 401)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    const late = await call(app.url, 'POST', '/api/v1/auth/login/two-factor', { body: { challenge, code: right } });
    expect(late.status).toBe(429);
    expect(await sessions()).toBe(before);
  });

  it('a password reset alone does not get past two-factor', async () => {
    const u = await enrolled('totp-reset');
    await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
    const code = codeIn((await mail(u.email, 'Reset')).text);
    const r = await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { email: u.email, code, newPassword: 'mailbox thief password' },
    });
    expect(r.status).toBe(401);
    expect(
      (
        await call(app.url, 'POST', '/api/v1/auth/login', {
          body: { email: u.email, password: 'mailbox thief password' },
        })
      ).status,
    ).toBe(401);
  });
});
