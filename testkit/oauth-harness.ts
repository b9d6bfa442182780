/**
 * The real app wired to the local OAuth server (testkit/oauth-server.ts) as Google Calendar, and the
 * browser steps of an install over plain HTTP: each browser(h) keeps its own cookies for Leadline (the install's
 * `__Host-` nonce), no bearer unless a step adds one.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';
import { verifiedSignup } from './accounts.ts';
import { cookieJar } from './cookie-jar.ts';
import { call, createBusinessVia, uniqueEmail } from './http.ts';
import { startOAuthServer, type OAuthServer, type OAuthServerOptions } from './oauth-server.ts';
import { startSmtpInbox, type SmtpInbox } from './smtp-inbox.ts';

export const P = 'google-calendar';

export interface Harness {
  app: TestApp;
  srv: OAuthServer;
  opts: OAuthServerOptions;
  /** Where the app's mail is delivered (set-up and reconnect links are read from here, as a user would). */
  inbox: SmtpInbox;
}

/** Registers the hooks; the returned object is filled in by beforeAll. */
export function useOAuthHarness(): Harness {
  const h = {
    opts: {
      clientId: 'leadline-client',
      clientSecret: 'leadline-secret',
      redirectUris: [`https://leadline.test/oauth/${P}/callback`],
      user: { email: uniqueEmail('cal'), name: 'Front desk' },
    },
  } as Harness;
  beforeAll(async () => {
    h.srv = await startOAuthServer(h.opts);
    h.inbox = await startSmtpInbox();
    h.app = await startTestApp({
      env: {
        SMTP_URL: h.inbox.url,
        GOOGLE_CLIENT_ID: h.opts.clientId,
        GOOGLE_CLIENT_SECRET: h.opts.clientSecret,
        GOOGLE_OAUTH_BASE_URL: h.srv.url,
        GOOGLE_TOKEN_URL: `${h.srv.url}/token`,
        GOOGLE_API_BASE_URL: h.srv.url,
      },
    });
  });
  afterAll(async () => {
    await h.app?.close();
    await h.srv?.stop();
    await h.inbox?.stop();
  });
  return h;
}

/** Browser steps against one harness. PUBLIC_BASE_URL is https://leadline.test; the same routes answer on the loopback port. */
export function browser(h: Harness) {
  const local = (u: string) => (u.startsWith('/') ? h.app.url + u : u.replace('https://leadline.test', h.app.url));
  /** This browser's cookies for Leadline (each browser(h) is a separate browser with its own jar). */
  const cookies = cookieJar();
  const get = (u: string, headers: Record<string, string> = {}) =>
    cookies.keep(fetch(local(u), { redirect: 'manual', headers: { ...cookies.header(), ...headers } }));
  const post = (u: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    cookies.keep(
      fetch(local(u), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...cookies.header(), ...headers },
        body: new URLSearchParams(fields),
      }),
    );

  /** The provider's consent (auto-approved) → the callback URL it sends the browser to. */
  async function approve(authorize: URL) {
    const approved = await fetch(authorize, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    return approved.headers.get('location')!;
  }

  /** install link → 302 to authorize → approve → callback URL. */
  async function authorizeVia(installUrl: string, headers: Record<string, string> = {}) {
    const install = await get(installUrl, headers);
    expect(install.status).toBe(302);
    const authorize = new URL(install.headers.get('location')!);
    return { authorize, callbackUrl: await approve(authorize) };
  }

  async function callback(url: string) {
    const r = await get(url, { accept: 'application/json' });
    return { status: r.status, body: (await r.json()) as any };
  }

  async function owner() {
    const user = await verifiedSignup(h.app, 'owner');
    const biz = await createBusinessVia(h.app.url, user.accessToken);
    return { ...user, businessId: biz.id };
  }

  async function installLink(token: string, businessId: string) {
    const r = await call(h.app.url, 'POST', `/api/v1/businesses/${businessId}/connections/${P}/install-link`, {
      token,
    });
    expect(r.status).toBe(200);
    return r.body.url as string;
  }

  /** A new owner + business with an active connection made through the in-app install link. */
  async function connectFresh() {
    const o = await owner();
    const done = await callback((await authorizeVia(await installLink(o.accessToken, o.businessId))).callbackUrl);
    expect(done.status).toBe(200);
    const conn = await h.app.ctx.db.connection.findUniqueOrThrow({
      where: { businessId_provider: { businessId: o.businessId, provider: P } },
    });
    return { ...o, conn };
  }

  return { local, get, post, approve, authorizeVia, callback, owner, installLink, connectFresh, cookies };
}

/** The POST forms of an HTML page: action and every named input's value. */
export function formsOf(html: string): { action: string; fields: Record<string, string> }[] {
  return [...html.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].map((m) => ({
    action: decode(m[1]!),
    fields: Object.fromEntries(
      [...m[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((i) => [i[1]!, decode(i[2]!)]),
    ),
  }));
}

const decode = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

/** The one https://leadline.test link in a mail. */
export function linkIn(text: string, path: string): string {
  const links = [...text.matchAll(/https:\/\/leadline\.test\/\S+/g)]
    .map((m) => m[0])
    .filter((u) => new URL(u).pathname === path);
  expect(links).toHaveLength(1);
  return links[0]!;
}

/** Pages must work under their own CSP: no script anywhere, nothing loaded from elsewhere. */
export function expectSelfContained(res: Response, html: string) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/script-src/);
  expect(html).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  expect(res.headers.get('cache-control')).toBe('no-store');
}
