/** Lead-list fixtures: an owner's business, a member of it, and CSV uploads over real HTTP. */
import type { TestApp } from './app.ts';
import { call, createBusinessVia, signup } from './http.ts';

export async function listsBusiness(app: TestApp, body: Record<string, unknown> = {}) {
  const owner = await signup(app.url, 'lists-owner');
  const b = await createBusinessVia(app.url, owner.accessToken, {
    country: 'US',
    timezone: 'America/Chicago',
    ...body,
  });
  return { owner, businessId: b.id };
}

/** A second account with the `member` role in the business (the invitation flow is tested elsewhere). */
export async function memberOf(app: TestApp, businessId: string) {
  const m = await signup(app.url, 'lists-member');
  const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: m.email } });
  await app.ctx.db.membership.create({ data: { accountId: account.id, businessId, role: 'member' } });
  return m;
}

export const importParams = (q: Record<string, string | string[]> = {}) => {
  const u = new URLSearchParams();
  const all = { name: 'Spring leads', defaultCountry: 'US', consentBasis: 'express', phoneColumn: 'Phone', ...q };
  for (const [k, v] of Object.entries(all)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
};

export async function uploadCsv(
  app: TestApp,
  token: string,
  businessId: string,
  csv: string | Uint8Array | ReadableStream<Uint8Array>,
  q: Record<string, string | string[]> = {},
  contentType = 'text/csv',
) {
  const res = await fetch(`${app.url}/api/v1/businesses/${businessId}/lead-lists?${importParams(q)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body: csv as BodyInit,
    ...(csv instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body };
}

export const getJson = (app: TestApp, token: string, path: string) => call(app.url, 'GET', path, { token });

/** `n` distinct, valid US numbers (Austin, 512), as a spreadsheet would hold them. */
export const austinNumbers = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => {
    const k = from + i;
    // Exchanges 200–999 are valid NXX codes; the line number runs through the rest.
    const nxx = 200 + Math.floor(k / 10_000);
    return `(512) ${nxx}-${String(k % 10_000).padStart(4, '0')}`;
  });
