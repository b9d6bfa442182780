import { randomUUID } from 'node:crypto';
import type { paths } from '../client/index.ts';
import { apiClient } from './api-client.ts';

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

/** Signs up a fresh account (through the typed client); returns its tokens and e-mail. */
export async function signup(base: string, tag?: string) {
  const email = uniqueEmail(tag);
  const password = 'correct horse battery staple';
  const r = await apiClient(base).POST('/api/v1/auth/signup', { body: { email, password, name: tag ?? 'Test' } });
  if (r.response.status !== 201 || !r.data || !('refreshToken' in r.data))
    throw new Error(`signup failed: ${r.response.status} ${JSON.stringify(r.error)}`);
  return { email, password, accessToken: r.data.accessToken, refreshToken: r.data.refreshToken };
}

type NewBusinessBody = paths['/api/v1/businesses']['post']['requestBody']['content']['application/json'];

/** Creates a business (through the typed client) named Acme Plumbing unless `body` names it. */
export async function createBusinessVia(base: string, token: string, body: Partial<NewBusinessBody> = {}) {
  const r = await apiClient(base, token).POST('/api/v1/businesses', { body: { name: 'Acme Plumbing', ...body } });
  if (r.response.status !== 201 || !r.data)
    throw new Error(`create business failed: ${r.response.status} ${JSON.stringify(r.error)}`);
  return r.data;
}
