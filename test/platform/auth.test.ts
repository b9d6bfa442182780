import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signup, uniqueEmail } from '../../testkit/http.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';

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

/** The newest 6-digit code mailed to `to`, read from the mailbox as the user would. */
async function mailedCode(to: string): Promise<string> {
  await inbox.waitFor((m) => m.to.includes(to.toLowerCase()));
  const mail = inbox.to(to).at(-1);
  const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code mailed to ${to}`);
  return code;
}

describe('auth', () => {
  it('signs up, logs in, and reads /me', async () => {
    const u = await signup(app.url, 'alice');
    expect(u.accessToken.split('.')).toHaveLength(3);
    const me = await call(app.url, 'GET', '/api/v1/me', { token: u.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: u.email, emailVerified: false, businesses: [] });
    const login = await call(app.url, 'POST', '/api/v1/auth/login', {
      body: { email: u.email.toUpperCase(), password: u.password },
    });
    expect(login.status).toBe(200);
    const stored = await app.ctx.db.account.findUniqueOrThrow({ where: { email: u.email } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a duplicate e-mail and a wrong password with problem+json', async () => {
    const u = await signup(app.url);
    const dup = await call(app.url, 'POST', '/api/v1/auth/signup', {
      body: { email: u.email, password: 'another long password' },
    });
    expect(dup.status).toBe(409);
    expect(dup.headers.get('content-type')).toContain('application/problem+json');
    const bad = await call(app.url, 'POST', '/api/v1/auth/login', {
      body: { email: u.email, password: 'wrong password!!' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.type).toBe('https://leadline.dev/problems/unauthorized');
    const unknown = await call(app.url, 'POST', '/api/v1/auth/login', {
      body: { email: uniqueEmail(), password: 'whatever at all' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(bad.body.detail);
  });

  it('rotates refresh tokens and revokes the family when a rotated token is reused', async () => {
    const u = await signup(app.url);
    const r1 = await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(u.refreshToken);
    const r2 = await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } });
    expect(r2.status).toBe(200);
    // An attacker replays the first token: refused, and the whole family dies, including the newest token.
    const replay = await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
    expect(replay.status).toBe(401);
    const legit = await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: r2.body.refreshToken } });
    expect(legit.status).toBe(401);
    // Another log-in of the same account is a different family and keeps working.
    const other = await call(app.url, 'POST', '/api/v1/auth/login', { body: { email: u.email, password: u.password } });
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status,
    ).toBe(200);
  });

  it('lets only one of two concurrent refreshes of the same token win', async () => {
    const u = await signup(app.url);
    const both = await Promise.all(
      [1, 2].map(() => call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: u.refreshToken } })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('logs out: the refresh token stops working', async () => {
    const u = await signup(app.url);
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/logout', { body: { refreshToken: u.refreshToken } })).status,
    ).toBe(204);
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: u.refreshToken } })).status,
    ).toBe(401);
  });

  it('verifies the e-mail with the mailed one-time code, once', async () => {
    const u = await signup(app.url);
    const wrong = await call(app.url, 'POST', '/api/v1/auth/verify-email/confirm', {
      token: u.accessToken,
      body: { code: '000000' },
    });
    const code = await mailedCode(u.email);
    if (code !== '000000') expect(wrong.status).toBe(400);
    const ok = await call(app.url, 'POST', '/api/v1/auth/verify-email/confirm', {
      token: u.accessToken,
      body: { code },
    });
    expect(ok.status).toBe(204);
    const again = await call(app.url, 'POST', '/api/v1/auth/verify-email/confirm', {
      token: u.accessToken,
      body: { code },
    });
    expect(again.status).toBe(400);
    expect((await call(app.url, 'GET', '/api/v1/me', { token: u.accessToken })).body.emailVerified).toBe(true);
  });

  it('resets a password with a code and ends every existing session', async () => {
    const u = await signup(app.url);
    const req = await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
    expect(req.status).toBe(202);
    const code = await mailedCode(u.email);
    const ok = await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { email: u.email, code, newPassword: 'a brand new password' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ revokedApiKeys: 0, businesses: [] });
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: u.refreshToken } })).status,
    ).toBe(401);
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/login', { body: { email: u.email, password: u.password } })).status,
    ).toBe(401);
    expect(
      (
        await call(app.url, 'POST', '/api/v1/auth/login', {
          body: { email: u.email, password: 'a brand new password' },
        })
      ).status,
    ).toBe(200);
    // Same answer for unknown e-mails: no account enumeration.
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: uniqueEmail() } })).status,
    ).toBe(202);
  });

  it('kills a code after five wrong guesses', async () => {
    const u = await signup(app.url);
    await call(app.url, 'POST', '/api/v1/auth/password-reset/request', { body: { email: u.email } });
    const code = await mailedCode(u.email);
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 5; i++)
      await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
        body: { email: u.email, code: wrong, newPassword: 'a brand new password' },
      });
    const late = await call(app.url, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { email: u.email, code, newPassword: 'a brand new password' },
    });
    expect(late.status).toBe(400);
  });

  it('rejects missing, malformed and forged access tokens', async () => {
    expect((await call(app.url, 'GET', '/api/v1/me')).status).toBe(401);
    expect((await call(app.url, 'GET', '/api/v1/me', { token: 'abc.def.ghi' })).status).toBe(401);
    const u = await signup(app.url);
    const [h, p] = u.accessToken.split('.');
    expect((await call(app.url, 'GET', '/api/v1/me', { token: `${h}.${p}.forgedsignature` })).status).toBe(401);
  });

  it('rate-limits auth routes per client IP', async () => {
    const limited = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' } });
    try {
      const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (
            await call(limited.url, 'POST', '/api/v1/auth/login', {
              body: { email: uniqueEmail(), password: 'whatever at all' },
              headers: { 'x-forwarded-for': ip },
            })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const r = await call(limited.url, 'POST', '/api/v1/auth/login', {
        body: { email: uniqueEmail(), password: 'whatever at all' },
        headers: { 'x-forwarded-for': ip },
      });
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      // RateLimit fields (draft-ietf-httpapi-ratelimit-headers): the policy, and nothing left until the reset.
      expect(r.headers.get('ratelimit-policy')).toBe('"auth";q=3;w=60');
      expect(r.headers.get('ratelimit')).toMatch(/^"auth";r=0;t=\d+$/);
      const fresh = await call(limited.url, 'POST', '/api/v1/auth/login', {
        body: { email: uniqueEmail(), password: 'whatever at all' },
        headers: { 'x-forwarded-for': `10.8.${Math.floor(Math.random() * 250)}.1` },
      });
      expect(fresh.status).toBe(401);
      expect(fresh.headers.get('ratelimit')).toMatch(/^"auth";r=2;t=\d+$/);
    } finally {
      await limited.close();
    }
  });

  it('never logs passwords or tokens', async () => {
    const lines: string[] = [];
    const { createLogger } = await import('../../server/log.ts');
    const { Writable } = await import('node:stream');
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logged = await startTestApp({ ctx: { log: createLogger('info', sink) } });
    try {
      const u = await signup(logged.url);
      await call(logged.url, 'GET', '/api/v1/me', { token: u.accessToken });
      await call(logged.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: u.refreshToken } });
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      expect(all).not.toContain(u.password);
      expect(all).not.toContain(u.accessToken);
      expect(all).not.toContain(u.refreshToken);
    } finally {
      await logged.close();
    }
  });
});
