/**
 * Bad input never reaches PostgreSQL as a 500. Every operation of the app's own OpenAPI document is sent
 * an otherwise valid request with one thing wrong: a NUL in each string field, query and path parameter
 * (and in each object key), a body that is not UTF-8, each integer out of range. Each answer must be a
 * 4xx problem+json (NUL: 422 naming the field; bad UTF-8: 400), and no table may change. New routes are
 * walked without editing this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';
import {
  example,
  leavesOf,
  mutate,
  type JsonSchema,
  type Operation,
  operationsOf,
} from '../../testkit/openapi-inputs.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { telephonyEnv } from '../../testkit/twilio.ts';
import { twilioOwns } from '../../testkit/twilio-numbers.ts';

const ORIGIN = 'https://shop.example';
let app: TestApp;
let drop: () => Promise<void>;
let ops: Operation[];
let owner: Awaited<ReturnType<typeof signup>>;
let business: { id: string; widgetPublicKey: string };

beforeAll(async () => {
  // A database of its own: "nothing written" is a count of every table, which other files would move.
  const own = await ownDatabase('badinput');
  drop = own.drop;
  app = await startTestApp({ env: telephonyEnv({ DATABASE_URL: own.url }) });
  owner = await signup(app.url, 'walker');
  business = await createBusinessVia(app.url, owner.accessToken, { widgetOrigins: [ORIGIN] });
  ops = operationsOf((await call(app.url, 'GET', '/api/openapi.json')).body);
});
afterAll(async () => {
  await app.close();
  await drop();
});

/** Row counts of every table but the rate limiter's windows (each request may move those). */
async function snapshot(): Promise<Record<string, number>> {
  const tables = await app.ctx.db.$queryRawUnsafe<{ t: string }[]>(
    `select table_schema || '.' || quote_ident(table_name) as t from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in ('public', 'graphile_worker')
       and table_name not in ('RateWindow', '_prisma_migrations')`,
  );
  const counts = await app.ctx.db.$queryRawUnsafe<Record<string, bigint>[]>(
    `select ${tables.map((x, i) => `(select count(*) from ${x.t}) as c${i}`).join(', ')}`,
  );
  return Object.fromEntries(tables.map((x, i) => [x.t, Number(counts[0]![`c${i}`])]));
}

const hint = (name: string): unknown =>
  ({ key: business.widgetPublicKey, businessId: business.id, provider: 'hubspot', id: business.id })[name];

/** The valid request for an operation: path and query filled in, a body from its schema. */
function baseline(op: Operation) {
  const params = Object.fromEntries(
    (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, String(example(p.schema, p.name, hint))]),
  );
  const query = Object.fromEntries(
    (op.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => [p.name, String(example(p.schema, p.name, () => (p.name === 'key' ? hint('key') : undefined)))]),
  );
  const schema = op.requestBody?.content['application/json']?.schema;
  return { params, query, body: schema ? example(schema as JsonSchema, '', hint) : undefined };
}

function send(op: Operation, req: ReturnType<typeof baseline>, raw?: Buffer) {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(req.params[n] ?? ''));
  const qs = new URLSearchParams(req.query).toString();
  const url = app.url + path + (qs ? `?${qs}` : '');
  return fetch(url, {
    method: op.method,
    headers: {
      origin: ORIGIN,
      accept: 'application/json',
      ...(op.security ? { authorization: `Bearer ${owner.accessToken}` } : {}),
      ...(req.body !== undefined || raw ? { 'content-type': 'application/json' } : {}),
    },
    body: raw ? new Uint8Array(raw) : req.body === undefined ? undefined : JSON.stringify(req.body),
  }).then(async (r) => ({ status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() }));
}

/** Every single-field variant of an operation's request, one leaf changed by `f`. */
function variants(op: Operation, kind: 'string' | 'number', f: (old: unknown) => unknown) {
  const base = baseline(op);
  const out: { label: string; req: ReturnType<typeof baseline>; part: string }[] = [];
  for (const part of ['params', 'query', 'body'] as const) {
    const value = base[part];
    if (value === undefined) continue;
    for (const leaf of leavesOf(value)) {
      if (leaf.kind !== kind && !(kind === 'string' && leaf.kind === 'key' && part === 'body')) continue;
      const changed = mutate(value, leaf, (old) => (leaf.kind === 'key' ? `${old}\u0000` : f(old)));
      out.push({
        label: `${op.method} ${op.path} ${part}.${leaf.path.join('.')}${leaf.kind === 'key' ? ' (key)' : ''}`,
        req: { ...base, [part]: changed },
        part,
      });
    }
  }
  return out;
}

/**
 * Stripe's webhook takes Stripe's signed bytes: anything else (a NUL, bad UTF-8, any edit) fails the signature
 * check with 400 before a byte is parsed (test/billing covers unsigned, tampered and stale events).
 */
const signedRaw = (op: Operation) => op.path === '/stripe/webhook';

describe('every route of the OpenAPI document refuses unstorable input, writing nothing', () => {
  it('walks every declared operation', () => {
    expect(ops.length).toBeGreaterThan(45);
  });

  it('a NUL in any string field, parameter or key is a 422 naming it', async () => {
    const before = await snapshot();
    let sent = 0;
    const covered = new Set<string>();
    for (const op of ops.filter((o) => !signedRaw(o))) {
      for (const v of variants(op, 'string', (old) => `${String(old).slice(0, 2)}\u0000${String(old).slice(2)}`)) {
        const r = await send(op, v.req);
        expect(r.status, v.label).toBe(422);
        expect(r.type, v.label).toContain('application/problem+json');
        // The widget's public form API names body fields bare ('name'), as its own validation does.
        const prefix = v.part === 'body' && op.path.startsWith('/widget/') ? '' : `${v.part}\\.`;
        expect(JSON.parse(r.body).errors[0].path, v.label).toMatch(new RegExp(`^${prefix}[\\w(]`));
        covered.add(`${op.method} ${op.path}`);
        sent++;
      }
    }
    expect(await snapshot()).toEqual(before);
    // Operations without any string input (parameterless GETs: me, plans, samples, …) and Stripe's signed webhook.
    const uncovered = ops.filter((o) => !covered.has(`${o.method} ${o.path}`)).map((o) => `${o.method} ${o.path}`);
    expect(uncovered.length, uncovered.join(', ')).toBeLessThanOrEqual(10);
    expect(sent).toBeGreaterThan(150);
  });

  it('a NUL in a phone number label attaches nothing; the number stays free', async () => {
    // Attaching needs a verified admin and a number of the Twilio account; both hold, so the label is what counts.
    const admin = await verifiedSignup(app, 'numbers');
    const biz = await createBusinessVia(app.url, admin.accessToken);
    const e164 = `+1512555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const twilio = twilioOwns([e164]); // answers one lookup
    const path = `/api/v1/businesses/${biz.id}/phone-numbers`;
    const bad = await call(app.url, 'POST', path, {
      token: admin.accessToken,
      body: { e164, label: 'Main\u0000line' },
    });
    expect(bad.status).toBe(422);
    expect(await app.ctx.db.phoneNumber.count({ where: { e164 } })).toBe(0);
    expect(twilio.isDone()).toBe(false); // refused before anything was asked of Twilio
    const ok = await call(app.url, 'POST', path, { token: admin.accessToken, body: { e164, label: 'Main line' } });
    expect(ok.status).toBe(201);
    expect(twilio.isDone()).toBe(true);
    expect(await app.ctx.db.phoneNumber.findUniqueOrThrow({ where: { e164 } })).toMatchObject({ label: 'Main line' });
    await app.ctx.db.phoneNumber.delete({ where: { e164 } });
  });

  it('a form body parsed by a route of its own (the set-up page) is held to the same rule', async () => {
    const before = await snapshot();
    const r = await fetch(`${app.url}/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'token=abcdefghijkl%00mnop&action=password&password=correct+horse+battery',
    });
    expect(r.status).toBe(422);
    expect((await r.json()).errors[0].path).toBe('body.token');
    expect(await snapshot()).toEqual(before);
  });

  it('lone surrogates and other control characters are refused the same way', async () => {
    const before = await snapshot();
    const signupOp = ops.find((o) => o.path === '/api/v1/auth/signup')!;
    const patchOp = ops.find((o) => o.method === 'PATCH' && o.path === '/api/v1/businesses/{id}')!;
    for (const bad of ['a\uD800b', 'a\uDC00', 'bell\u0007', 'esc\u001B[31m', 'del\u007F']) {
      const body = JSON.stringify({ email: 'x@example.com', password: 'long enough password', name: bad });
      const r = await send(signupOp, { params: {}, query: {}, body: undefined }, Buffer.from(body));
      expect(r.status, JSON.stringify(bad)).toBe(422);
    }
    // A single-line field refuses line breaks; a text that may span lines keeps them.
    const nameWithBreak = await send(patchOp, { params: { id: business.id }, query: {}, body: { name: 'a\nb' } });
    expect(nameWithBreak.status).toBe(422);
    expect(await snapshot()).toEqual(before);
    const knowledge = await send(patchOp, {
      params: { id: business.id },
      query: {},
      body: { knowledgeBase: 'Line one\n\tLine two' },
    });
    expect(knowledge.status).toBe(200);
  });

  it('a JSON body that is not UTF-8 is a 400, on every operation that takes a body', async () => {
    const before = await snapshot();
    let sent = 0;
    // A JSON body, that is: a CSV upload (text/csv) is checked for UTF-8 by its own route.
    for (const op of ops.filter((o) => o.requestBody?.content['application/json'] && !signedRaw(o))) {
      const base = baseline(op);
      const json = Buffer.from(JSON.stringify(base.body));
      // Into the first key: a lead byte with no continuation (C3 28) is not UTF-8.
      expect(json.subarray(0, 2).toString(), `${op.method} ${op.path}`).toBe('{"');
      const raw = Buffer.concat([json.subarray(0, 2), Buffer.from([0xc3, 0x28]), json.subarray(2)]);
      const r = await send(op, base, raw);
      expect(r.status, `${op.method} ${op.path}`).toBe(400);
      expect(JSON.parse(r.body).detail).toContain('UTF-8');
      sent++;
    }
    expect(sent).toBeGreaterThan(15);
    expect(await snapshot()).toEqual(before);
  });

  it('huge integers never answer 5xx, and a refused one writes nothing', async () => {
    let sent = 0;
    for (const op of ops) {
      for (const huge of [99_999_999_999, -99_999_999_999, 1e308]) {
        for (const v of variants(op, 'number', () => huge)) {
          const before = await snapshot();
          const r = await send(op, v.req);
          expect(r.status, `${v.label} = ${huge}`).toBeLessThan(500);
          if (r.status >= 400) expect(await snapshot(), `${v.label} = ${huge}`).toEqual(before);
          sent++;
        }
      }
      // Query integers arrive as text: the same values, and one too long for any number type.
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query' && x.schema.type === 'integer')) {
        for (const huge of ['99999999999', '1e400', '9'.repeat(400)]) {
          const base = baseline(op);
          const r = await send(op, { ...base, query: { ...base.query, [p.name]: huge } });
          expect(r.status, `${op.method} ${op.path} ?${p.name}=${huge.slice(0, 12)}`).toBeLessThan(500);
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThan(20);
  });
});
