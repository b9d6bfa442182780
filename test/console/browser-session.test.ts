/**
 * The console's browser session over real HTTP: the refresh token only ever in an HttpOnly, SameSite=Strict
 * cookie scoped to /console/session; refresh and log-out refused without the CSRF header or from another
 * site, with nothing written; the JSON-token API unchanged.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../server/crypto/secrets.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { cookieJar } from '../../testkit/cookie-jar.ts';
import { call, uniqueEmail } from '../../testkit/http.ts';

const password = 'correct horse battery staple';
const cookieMode = { 'x-leadline-session': 'cookie' };

/** The cookies a browser would keep, from Set-Cookie lines. */
function jar(h: Headers): Record<string, { value: string; attrs: string }> {
  const out: Record<string, { value: string; attrs: string }> = {};
  for (const line of h.getSetCookie()) {
    const [pair, ...attrs] = line.split('; ');
    const i = pair!.indexOf('=');
    out[pair!.slice(0, i)] = { value: decodeURIComponent(pair!.slice(i + 1)), attrs: attrs.join('; ') };
  }
  return out;
}

describe('console browser session (cookie refresh token + CSRF)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ upgrades: false });
  });
  afterAll(() => app?.close());

  async function consoleSignup() {
    const email = uniqueEmail('cookie');
    const r = await call(app.url, 'POST', '/api/v1/auth/signup', {
      body: { email, password, name: 'Cookie' },
      headers: cookieMode,
    });
    expect(r.status).toBe(201);
    return { email, r, cookies: jar(r.headers) };
  }

  it('sign-up in cookie mode: no refresh token in the body; HttpOnly Strict cookie on the refresh path', async () => {
    const { r, cookies } = await consoleSignup();
    expect(r.body.refreshToken).toBeUndefined();
    expect(r.body.accessToken).toEqual(expect.any(String));
    const refresh = cookies.ll_refresh!;
    expect(refresh.value.length).toBeGreaterThan(20);
    expect(refresh.attrs).toContain('Path=/console/session');
    expect(refresh.attrs).toContain('HttpOnly');
    expect(refresh.attrs).toContain('SameSite=Strict');
    // Loopback over http: Secure would make the browser drop it on a developer's machine.
    expect(refresh.attrs).not.toContain('Secure');
    const csrf = cookies.ll_csrf!;
    expect(csrf.attrs).not.toContain('HttpOnly');
    expect(csrf.value).toBe(r.body.csrfToken);
  });

  it('outside loopback the cookies are Secure', async () => {
    // fetch will not let a caller set Host; a raw request can, as a reverse proxy would.
    const body = JSON.stringify({ email: uniqueEmail('secure'), password });
    const setCookie = await new Promise<string[]>((resolve, reject) => {
      const req = http.request(
        app.url + '/api/v1/auth/signup',
        {
          method: 'POST',
          headers: { ...cookieMode, host: 'console.example.com', 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          expect(res.statusCode).toBe(201);
          resolve(res.headers['set-cookie'] ?? []);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(setCookie).toHaveLength(2);
    for (const c of setCookie) expect(c).toMatch(/; Secure/);
  });

  it('refresh with the cookie and the CSRF header rotates the session', async () => {
    // The console's own calls, through the typed client: cookies kept and the CSRF cookie echoed as a browser page does.
    const browser = cookieJar();
    const tab = apiClient(app.url, { session: browser });
    const signed = await tab.POST('/api/v1/auth/signup', {
      params: { header: { 'x-leadline-session': 'cookie' } },
      body: { email: uniqueEmail('typed'), password, name: 'Typed' },
    });
    expect(signed.response.status).toBe(201);
    expect(signed.data).not.toHaveProperty('refreshToken');
    const first = browser.jar.get('ll_refresh');
    expect(first).toEqual(expect.any(String));
    const r = await tab.POST('/console/session/refresh');
    expect(r.response.status).toBe(200);
    expect(r.data!.accessToken).toEqual(expect.any(String));
    expect(browser.jar.get('ll_refresh')).not.toBe(first);
    expect(decodeURIComponent(browser.jar.get('ll_csrf')!)).toBe(r.data!.csrfToken);
    const me = await apiClient(app.url, r.data!.accessToken).GET('/api/v1/me');
    expect(me.response.status).toBe(200);
    // Log-out ends it: the cookies are cleared and a refresh with the old ones is refused.
    const ended = browser.jar.get('ll_refresh')!;
    const endedCsrf = decodeURIComponent(browser.jar.get('ll_csrf')!);
    expect((await tab.POST('/console/session/logout')).response.status).toBe(204);
    expect(browser.jar.has('ll_refresh')).toBe(false);
    const stale = await call(app.url, 'POST', '/console/session/refresh', {
      headers: { cookie: `ll_refresh=${ended}`, 'x-csrf-token': endedCsrf },
    });
    expect(stale.status).toBe(401);
  });

  it('ATTACK: a cross-site refresh without the CSRF token is refused and nothing is written', async () => {
    const { email, cookies } = await consoleSignup();
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email } });
    const before = await app.ctx.db.session.findMany({
      where: { accountId: account.id },
      orderBy: { createdAt: 'asc' },
    });
    const attempts: Record<string, string>[] = [
      // another site's page posting with the victim's cookie (a browser would not even send a Strict cookie)
      {
        cookie: `ll_refresh=${cookies.ll_refresh!.value}`,
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      // same origin but no CSRF header (e.g. a form)
      { cookie: `ll_refresh=${cookies.ll_refresh!.value}` },
      // a guessed CSRF token
      { cookie: `ll_refresh=${cookies.ll_refresh!.value}`, 'x-csrf-token': 'A'.repeat(43) },
      // the right CSRF token but from another site
      {
        cookie: `ll_refresh=${cookies.ll_refresh!.value}`,
        'x-csrf-token': cookies.ll_csrf!.value,
        origin: 'https://evil.example',
      },
    ];
    for (const headers of attempts) {
      for (const path of ['/console/session/refresh', '/console/session/logout']) {
        const r = await call(app.url, 'POST', path, { headers });
        expect(r.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        expect(r.body.type).toMatch(/csrf$/);
        expect(r.headers.getSetCookie()).toEqual([]);
      }
    }
    const after = await app.ctx.db.session.findMany({
      where: { accountId: account.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(after).toEqual(before); // not rotated, not revoked, nothing new
    expect(after.find((s) => s.refreshTokenHash === sha256(cookies.ll_refresh!.value))!.rotatedAt).toBeNull();
  });

  it('ATTACK: cookie-mode log-in from another site is refused before any session is created', async () => {
    const email = uniqueEmail('xsite');
    await call(app.url, 'POST', '/api/v1/auth/signup', { body: { email, password } });
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email } });
    const n = await app.ctx.db.session.count({ where: { accountId: account.id } });
    const r = await call(app.url, 'POST', '/api/v1/auth/login', {
      body: { email, password },
      headers: { ...cookieMode, origin: 'https://evil.example' },
    });
    expect(r.status).toBe(403);
    expect(await app.ctx.db.session.count({ where: { accountId: account.id } })).toBe(n);
  });

  it('log-out revokes the session and clears both cookies', async () => {
    const { cookies } = await consoleSignup();
    const headers = { cookie: `ll_refresh=${cookies.ll_refresh!.value}`, 'x-csrf-token': cookies.ll_csrf!.value };
    const r = await call(app.url, 'POST', '/console/session/logout', { headers });
    expect(r.status).toBe(204);
    const cleared = jar(r.headers);
    expect(cleared.ll_refresh!.value).toBe('');
    expect(cleared.ll_refresh!.attrs).toContain('Max-Age=0');
    const again = await call(app.url, 'POST', '/console/session/refresh', { headers });
    expect(again.status).toBe(401);
  });

  it('the JSON-token API is unchanged: tokens in the body, no cookies', async () => {
    const email = uniqueEmail('json');
    const s = await call(app.url, 'POST', '/api/v1/auth/signup', { body: { email, password } });
    expect(s.body.refreshToken).toEqual(expect.any(String));
    expect(s.headers.getSetCookie()).toEqual([]);
    const r = await call(app.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: s.body.refreshToken } });
    expect(r.status).toBe(200);
    expect(r.body.refreshToken).toEqual(expect.any(String));
    expect(r.headers.getSetCookie()).toEqual([]);
  });
});
