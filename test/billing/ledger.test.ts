import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ledgerBalance, record } from '../../server/billing/ledger.ts';
import { createBusiness } from '../../server/businesses/service.ts';
import { applyMigrations, MIGRATIONS_DIR } from '../../server/db/migrate.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { call, createBusinessVia, signup } from '../../testkit/http.ts';

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

const balanceOf = async (id: string) => (await app.ctx.db.business.findUniqueOrThrow({ where: { id } })).secondsBalance;

describe('minutes ledger', () => {
  it('records each fact once, and the cached balance is always the sum', async () => {
    const b = await createBusiness(app.ctx.db, { name: 'Ledger Co' });
    expect(b.secondsBalance).toBe(3600);
    const key = `test:${randomUUID()}`;
    const entry = { businessId: b.id, kind: 'top_up' as const, seconds: 6000, key };
    const results = await Promise.all([
      record(app.ctx.db, entry),
      record(app.ctx.db, entry),
      record(app.ctx.db, entry),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await record(app.ctx.db, { businessId: b.id, kind: 'usage', seconds: -180, key: `test:${randomUUID()}` });
    expect(await balanceOf(b.id)).toBe(3600 + 6000 - 180);
    expect(await ledgerBalance(app.ctx.db, b.id)).toBe(await balanceOf(b.id));
  });

  it('gives trial minutes to verified owners only, once', async () => {
    const u = await signup(app.url, 'trial');
    const biz = await createBusinessVia(app.url, u.accessToken);
    expect(await balanceOf(biz.id)).toBe(0);
    const mail = await inbox.waitFor((m) => m.to.includes(u.email.toLowerCase()));
    const code = mail.text.match(/\b(\d{6})\b/)![1];
    expect(
      (await call(app.url, 'POST', '/api/v1/auth/verify-email/confirm', { token: u.accessToken, body: { code } }))
        .status,
    ).toBe(204);
    expect(await balanceOf(biz.id)).toBe(3600);
    // The trial is once per owner: a second business of theirs gets none (else each new business would
    // be 60 free minutes), and verifying again grants nothing more.
    const second = await createBusinessVia(app.url, u.accessToken, { name: 'Second' });
    expect(await balanceOf(second.id)).toBe(0);
    // Verifying once sent one code mail; nothing else reached the owner's mailbox (no second trial notice).
    expect(inbox.to(u.email)).toHaveLength(1);
    expect(await app.ctx.db.minuteEntry.count({ where: { businessId: biz.id, kind: 'trial' } })).toBe(1);
    expect(await app.ctx.db.minuteEntry.count({ where: { businessId: second.id, kind: 'trial' } })).toBe(0);
  });
});

describe('billing off (no STRIPE_SECRET_KEY)', () => {
  it('reports the operator-run ledger, refuses Stripe actions and webhooks, and needs no Stripe to run', async () => {
    const u = await signup(app.url, 'selfhosted');
    const biz = await createBusinessVia(app.url, u.accessToken);
    await record(app.ctx.db, { businessId: biz.id, kind: 'adjustment', seconds: 600, key: `test:${randomUUID()}` });
    const view = await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/billing`, { token: u.accessToken });
    expect(view.body).toMatchObject({
      plan: 'trial',
      status: 'active',
      balanceSeconds: 600,
      billingEnabled: false,
      periodStart: null,
    });
    for (const path of ['checkout', 'top-up', 'portal']) {
      const r = await call(app.url, 'POST', `/api/v1/businesses/${biz.id}/billing/${path}`, {
        token: u.accessToken,
        body: path === 'checkout' ? { plan: 'pro' } : {},
      });
      expect(r.status, path).toBe(409);
    }
    expect(
      (await call(app.url, 'GET', `/api/v1/businesses/${biz.id}/billing/invoices`, { token: u.accessToken })).body,
    ).toEqual({ items: [], next: null });
    const hook = await fetch(`${app.url}/stripe/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' },
      body: '{}',
    });
    expect(hook.status).toBe(503);
  });
});

describe('leadline minutes grant', () => {
  const run = promisify(execFile);
  const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
  const env = () => ({
    ...process.env,
    DATABASE_URL: inject('databaseUrl'),
    LOG_LEVEL: 'silent',
    ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
  });

  it('adds and takes away minutes through the ledger, audited, and refuses nonsense', {
    timeout: 120_000,
  }, async () => {
    const b = await createBusiness(app.ctx.db, { name: 'Self Hosted Co' });
    const add = await run(
      process.execPath,
      [bin, 'minutes', 'grant', '--business', b.id, '--minutes', '30', '--note', 'goodwill'],
      { env: env() },
    );
    expect(JSON.parse(add.stdout)).toMatchObject({ business: b.id, minutes: 30, balanceSeconds: 3600 + 1800 });
    const take = await run(process.execPath, [bin, 'minutes', 'grant', '--business', b.id, '--minutes=-90'], {
      env: env(),
    });
    expect(JSON.parse(take.stdout)).toMatchObject({ balanceSeconds: 3600 + 1800 - 5400 });
    expect(await ledgerBalance(app.ctx.db, b.id)).toBe(0);
    const audits = await app.ctx.db.auditLog.findMany({
      where: { businessId: b.id, action: 'minutes.granted' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audits.map((a) => (a.meta as { minutes: number }).minutes)).toEqual([30, -90]);
    expect((audits[0]!.meta as { note: string }).note).toBe('goodwill');

    const zero = await run(process.execPath, [bin, 'minutes', 'grant', '--business', b.id, '--minutes', '0'], {
      env: env(),
    }).catch((e) => e);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toMatch(/--minutes: must not be 0/);
    const unknown = await run(
      process.execPath,
      [bin, 'minutes', 'grant', '--business', randomUUID(), '--minutes', '5'],
      { env: env() },
    ).catch((e) => e);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no business with id/);
    expect(await ledgerBalance(app.ctx.db, b.id)).toBe(0);
  });
});

describe('the billing_ledger data migration', () => {
  const created: string[] = [];
  let tmp: string;
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('turns balances and usage rows into ledger entries that sum to the same balances', async () => {
    const name = `mig_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: inject('databaseUrl') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    created.push(name);
    const u = new URL(inject('databaseUrl'));
    u.pathname = `/${name}`;
    const url = u.toString();
    // The migrations before this one, applied to a database that then gets data the old way.
    tmp = await mkdtemp(path.join(os.tmpdir(), 'ledger-mig-'));
    const all = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const mine = all.find((n) => n.endsWith('_billing_ledger'))!;
    for (const n of all.filter((n) => n < mine))
      await cp(path.join(MIGRATIONS_DIR, n), path.join(tmp, n), { recursive: true });
    await cp(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(tmp, 'migration_lock.toml'));
    await applyMigrations(url, tmp);

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const biz = async (n: string, balance: number) =>
        (
          await c.query(
            `insert into "Business" ("id", "name", "widgetPublicKey", "secondsBalance", "updatedAt") values (gen_random_uuid(), $1, $2, $3, now()) returning "id"`,
            [n, `pk_${randomUUID()}`, balance],
          )
        ).rows[0].id as string;
      const used = await biz('Used', 3600 - 300);
      const fresh = await biz('Fresh', 3600);
      const broke = await biz('Broke', 0);
      const callId = randomUUID();
      await c.query(
        `insert into "Call" ("id", "businessId", "twilioCallSid", "direction", "updatedAt") values ($1, $2, 'CA-mig-1', 'inbound', now())`,
        [callId, used],
      );
      await c.query(
        `insert into "UsageEntry" ("id", "businessId", "callId", "seconds", "reason") values (gen_random_uuid(), $1, $2, -300, 'call')`,
        [used, callId],
      );

      await applyMigrations(url);
      const sums = async (id: string) =>
        (
          await c.query(
            `select coalesce(sum("seconds"), 0)::int as s, (select "secondsBalance" from "Business" where "id" = $1) as b from "MinuteEntry" where "businessId" = $1`,
            [id],
          )
        ).rows[0];
      expect(await sums(used)).toEqual({ s: 3300, b: 3300 });
      expect(await sums(fresh)).toEqual({ s: 3600, b: 3600 });
      expect(await sums(broke)).toEqual({ s: 0, b: 0 });
      const usage = (
        await c.query(`select "kind", "seconds", "idempotencyKey" from "MinuteEntry" where "callId" = $1`, [callId])
      ).rows;
      expect(usage).toEqual([{ kind: 'usage', seconds: -300, idempotencyKey: `call:${callId}` }]);
    } finally {
      await c.end();
    }
  });
});
