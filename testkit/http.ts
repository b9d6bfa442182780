import { randomUUID } from 'node:crypto';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** JSON over real HTTP. */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, headers: res.headers, body: body as T };
}

export const uniqueEmail = (tag = 'user') => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

/** Signs up a fresh account; returns its tokens and e-mail. */
export async function signup(base: string, tag?: string) {
  const email = uniqueEmail(tag);
  const password = 'correct horse battery staple';
  const r = await call(base, 'POST', '/api/v1/auth/signup', { body: { email, password, name: tag ?? 'Test' } });
  if (r.status !== 201) throw new Error(`signup failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { email, password, accessToken: r.body.accessToken as string, refreshToken: r.body.refreshToken as string };
}

export async function createBusinessVia(base: string, token: string, body: Record<string, unknown> = {}) {
  const r = await call(base, 'POST', '/api/v1/businesses', { token, body: { name: 'Acme Plumbing', ...body } });
  if (r.status !== 201) throw new Error(`create business failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; widgetPublicKey: string };
}
