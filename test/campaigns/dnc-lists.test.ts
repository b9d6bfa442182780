/**
 * Do-not-call lists through the public API (add, list with SMS STOPs, search, remove, who may), and the
 * privacy room reaching lead lists: an export holds the person's list contacts and do-not-call rows; an
 * erasure deletes the contacts and the refused rows naming them, but keeps the do-not-call row as a keyed
 * hash, so the erased person is still never dialled and cannot be imported again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToDoNotCall, dialBlockedReason, dialBlocks } from '../../server/campaigns/do-not-call.ts';
import { subjectHash } from '../../server/crypto/subject-hash.ts';
import { runPrivacyRequest } from '../../server/privacy/requests.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { call } from '../../testkit/http.ts';
import { getJson, listsBusiness, memberOf, uploadCsv } from '../../testkit/lead-lists.ts';

let app: TestApp;
// Its own database: the platform list and SMS opt-outs written here hold for every business in it.
let own: Awaited<ReturnType<typeof ownDatabase>>;
beforeAll(async () => {
  own = await ownDatabase('dnc_lists');
  app = await startTestApp({ env: { DATABASE_URL: own.url } });
});
afterAll(async () => {
  await app?.close();
  await own?.drop();
});
const secret = () => app.ctx.config.jwtSecret;

describe('do-not-call lists', { timeout: 60_000 }, () => {
  it('adds many, lists them with the SMS STOPs sent to the business, searches any spelling, removes its own', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const db = app.ctx.db;
    const path = `/api/v1/businesses/${businessId}/do-not-call`;
    const add = await call(app.url, 'POST', path, {
      token: owner.accessToken,
      body: { phones: ['(512) 555-0160', '+1 512 555 0161', '512.555.0160', 'nope'], note: 'asked by letter' },
    });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect(add.body).toEqual({
      added: 2,
      alreadyListed: 0,
      invalid: [{ input: 'nope', reason: 'not a valid phone number' }],
    });
    const again = await call(app.url, 'POST', path, { token: owner.accessToken, body: { phones: ['5125550161'] } });
    expect(again.body).toMatchObject({ added: 0, alreadyListed: 1 });

    // An opt-out from other sources: a STOP texted to this business's number, and one said on a call.
    await db.smsOptOut.create({ data: { phone: '+15125550162' } });
    await db.smsConsentRecord.create({
      data: { phone: '+15125550162', event: 'opt_out', source: 'sms_keyword', businessId },
    });
    await db.doNotCall.create({ data: { businessId, phone: '+15125550163', source: 'call_opt_out' } });
    // A STOP sent to another business is that business's to see.
    await db.smsOptOut.create({ data: { phone: '+15125550164' } });

    const all = await getJson(app, owner.accessToken, path);
    expect(all.status).toBe(200);
    const phones = all.body.items.map((i: { phone: string; source: string }) => [i.phone, i.source]);
    expect(phones).toHaveLength(4);
    expect(phones).toEqual(
      expect.arrayContaining([
        ['+15125550160', 'manual'],
        ['+15125550161', 'manual'],
        ['+15125550162', 'sms_stop'],
        ['+15125550163', 'call_opt_out'],
      ]),
    );
    // Pages: keyset, no entry twice or missing.
    const p1 = await getJson(app, owner.accessToken, `${path}?limit=3`);
    const p2 = await getJson(app, owner.accessToken, `${path}?limit=3&cursor=${p1.body.next}`);
    expect([...p1.body.items, ...p2.body.items].map((i: { id: string }) => i.id).sort()).toEqual(
      all.body.items.map((i: { id: string }) => i.id).sort(),
    );
    expect(p2.body.next).toBeNull();

    const found = await getJson(app, owner.accessToken, `${path}?phone=${encodeURIComponent('(512) 555-0162')}`);
    expect(found.body.items).toMatchObject([{ phone: '+15125550162', source: 'sms_stop', removable: false }]);

    const manual = all.body.items.find((i: { phone: string }) => i.phone === '+15125550160');
    const spoken = all.body.items.find((i: { phone: string }) => i.phone === '+15125550163');
    expect((await call(app.url, 'DELETE', `${path}/${spoken.id}`, { token: owner.accessToken })).status).toBe(409);
    expect(await dialBlockedReason(db, businessId, '+15125550160', secret())).toBe('business_do_not_call');
    expect((await call(app.url, 'DELETE', `${path}/${manual.id}`, { token: owner.accessToken })).status).toBe(204);
    expect(await dialBlockedReason(db, businessId, '+15125550160', secret())).toBeNull();
    expect(await dialBlockedReason(db, businessId, '+15125550162', secret())).toBe('sms_stop');
    expect(await db.auditLog.count({ where: { businessId, action: { startsWith: 'do_not_call.' } } })).toBe(2);
  });

  it("a member cannot read or change it; another business's entry is 404 and stays", async () => {
    const { owner, businessId } = await listsBusiness(app);
    const path = `/api/v1/businesses/${businessId}/do-not-call`;
    await call(app.url, 'POST', path, { token: owner.accessToken, body: { phones: ['(512) 555-0170'] } });
    const entry = await app.ctx.db.doNotCall.findFirstOrThrow({ where: { businessId } });
    const member = await memberOf(app, businessId);
    expect((await getJson(app, member.accessToken, path)).status).toBe(403);
    const add = await call(app.url, 'POST', path, { token: member.accessToken, body: { phones: ['(512) 555-0171'] } });
    expect(add.status).toBe(403);
    const other = await listsBusiness(app);
    const del = await call(app.url, 'DELETE', `/api/v1/businesses/${other.businessId}/do-not-call/${entry.id}`, {
      token: other.owner.accessToken,
    });
    expect(del.status).toBe(404);
    expect(await app.ctx.db.doNotCall.count({ where: { businessId } })).toBe(1);
  });

  it('the platform list blocks every business; a business list only its own', async () => {
    const a = await listsBusiness(app);
    const b = await listsBusiness(app);
    const db = app.ctx.db;
    await db.doNotCall.create({ data: { businessId: null, phone: '+15125550180', source: 'platform' } });
    await db.doNotCall.create({ data: { businessId: a.businessId, phone: '+15125550181', source: 'manual' } });
    const blocks = await dialBlocks(db, b.businessId, ['+15125550180', '+15125550181', '+15125550182'], secret());
    expect([...blocks]).toEqual([['+15125550180', 'platform_do_not_call']]);
    expect(await dialBlockedReason(db, a.businessId, '+15125550181', secret())).toBe('business_do_not_call');
  });
});

describe('privacy reaches lead lists', { timeout: 90_000 }, () => {
  it('export holds list contacts and do-not-call rows; erasure deletes contacts, keeps the do-not-call row hashed', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const db = app.ctx.db;
    const csv = [
      'Name,Phone,Email',
      'Riley Park,(512) 555-0190,riley@example.com',
      'Riley again,512-555-0190,',
      'Riley bad mail,(512) 555-0191,riley@@example',
      'Someone else,(512) 555-0192,other@example.com',
    ].join('\n');
    const list = await uploadCsv(app, owner.accessToken, businessId, csv, { nameColumn: 'Name', emailColumn: 'Email' });
    expect(list.status).toBe(201);
    await call(app.url, 'POST', `/api/v1/businesses/${businessId}/do-not-call`, {
      token: owner.accessToken,
      body: { phones: ['+15125550190'], note: 'Riley asked' },
    });
    await db.smsOptOut.create({ data: { phone: '+15125550190' } });

    const request = (type: string, body: Record<string, string>) =>
      call(app.url, 'POST', `/api/v1/businesses/${businessId}/privacy-requests`, {
        token: owner.accessToken,
        body: { type, ...body },
      });
    const ex = await request('export', { email: 'riley@example.com' });
    expect(ex.status).toBe(202);
    await runPrivacyRequest(app.ctx, ex.body.id);
    const doc = await getJson(
      app,
      owner.accessToken,
      `/api/v1/businesses/${businessId}/privacy-requests/${ex.body.id}/download`,
    );
    expect(doc.status).toBe(200);
    // Found by e-mail; the list's number for them brings in their do-not-call row.
    expect(doc.body.listContacts).toMatchObject([
      { phone: '+15125550190', name: 'Riley Park', email: 'riley@example.com' },
    ]);
    expect(doc.body.doNotCall).toMatchObject([{ phone: '+15125550190', source: 'manual', note: 'Riley asked' }]);

    const er = await request('erase', { phone: '+15125550190' });
    await runPrivacyRequest(app.ctx, er.body.id);
    const status = await getJson(
      app,
      owner.accessToken,
      `/api/v1/businesses/${businessId}/privacy-requests/${er.body.id}`,
    );
    expect(status.body.status).toBe('done');

    expect(await db.listContact.findMany({ where: { businessId }, select: { phone: true } })).toEqual([
      { phone: '+15125550192' },
    ]);
    const report = await getJson(app, owner.accessToken, `/api/v1/businesses/${businessId}/lead-lists/${list.body.id}`);
    expect(report.body.rejected).toMatchObject([{ row: 4, reason: 'invalid_email' }]);
    const csvOut = await fetch(`${app.url}/api/v1/businesses/${businessId}/lead-lists/${list.body.id}/rejected.csv`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(await csvOut.text()).not.toMatch(/555.?0190/);

    // Nothing in plaintext: the row stays, its number and note replaced by a keyed hash.
    const rows = await db.doNotCall.findMany({ where: { businessId } });
    expect(rows).toMatchObject([
      { phone: null, note: null, phoneHash: subjectHash(secret(), 'phone', '+15125550190') },
    ]);
    expect(JSON.stringify(rows)).not.toContain('5125550190');
    expect(await dialBlockedReason(db, businessId, '+15125550190', secret())).toBe('business_do_not_call');
    // Their SMS STOP lives on only in the tombstone, and still blocks every business's campaigns.
    const other = await listsBusiness(app);
    expect(await dialBlockedReason(db, other.businessId, '+15125550190', secret())).toBe('sms_stop');

    // Listed as erased, not removable; uploading them again is refused.
    const dnc = await getJson(app, owner.accessToken, `/api/v1/businesses/${businessId}/do-not-call`);
    expect(dnc.body.items).toMatchObject([{ phone: null, source: 'manual', removable: false }]);
    expect(
      (
        await call(app.url, 'DELETE', `/api/v1/businesses/${businessId}/do-not-call/${dnc.body.items[0].id}`, {
          token: owner.accessToken,
        })
      ).status,
    ).toBe(409);
    const again = await uploadCsv(app, owner.accessToken, businessId, 'Phone\n(512) 555-0190\n');
    expect(again.body).toMatchObject({ acceptedCount: 0, rejected: [{ row: 2, reason: 'do_not_call' }] });
  });
});

describe('deleting a list', { timeout: 60_000 }, () => {
  it('is refused while a campaign uses it, and deletes its contacts otherwise', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const db = app.ctx.db;
    const up = async () =>
      (await uploadCsv(app, owner.accessToken, businessId, 'Phone\n(512) 555-0201\n(512) 555-0202\n')).body
        .id as string;
    const used = await up();
    const free = await up();
    await db.campaign.create({
      data: {
        businessId,
        listId: used,
        name: 'Spring push',
        goal: 'qualify',
        script: 's',
        greeting: 'g',
        disclosure: 'd',
        callerId: '+15125550100',
        status: 'running',
      },
    });
    const refused = await call(app.url, 'DELETE', `/api/v1/businesses/${businessId}/lead-lists/${used}`, {
      token: owner.accessToken,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('running');
    expect(await db.listContact.count({ where: { listId: used } })).toBe(2);
    const ok = await call(app.url, 'DELETE', `/api/v1/businesses/${businessId}/lead-lists/${free}`, {
      token: owner.accessToken,
    });
    expect(ok.status).toBe(204);
    expect(await db.listContact.count({ where: { listId: free } })).toBe(0);
    const lists = await getJson(app, owner.accessToken, `/api/v1/businesses/${businessId}/lead-lists`);
    expect(lists.body.items.map((l: { id: string }) => l.id)).toEqual([used]);
    expect(await db.auditLog.count({ where: { businessId, action: 'lead_list.deleted' } })).toBe(1);
  });

  it('parallel opt-outs of one number make one row, on a business list and on the platform list', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const db = app.ctx.db;
    const phone = '+15125550195';
    // The same "take me off your list" arriving from many places at once (calls, SMS STOP, the API).
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        addToDoNotCall(db, { businessId, phone, source: i % 2 ? 'call_opt_out' : 'sms_stop' }),
      ),
    );
    await Promise.all(
      Array.from({ length: 12 }, () => addToDoNotCall(db, { businessId: null, phone, source: 'platform' })),
    );
    const path = `/api/v1/businesses/${businessId}/do-not-call`;
    const posts = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(app.url, 'POST', path, { token: owner.accessToken, body: { phones: ['(512) 555-0196', phone] } }),
      ),
    );
    expect(posts.every((r) => r.status < 300)).toBe(true);
    expect(await db.doNotCall.count({ where: { businessId, phone } })).toBe(1);
    expect(await db.doNotCall.count({ where: { businessId, phone: '+15125550196' } })).toBe(1);
    expect(await db.doNotCall.count({ where: { businessId: null, phone } })).toBe(1);
    // The database itself refuses a second row, whoever writes it.
    await expect(db.doNotCall.create({ data: { businessId, phone, source: 'manual' } })).rejects.toThrow();
    await expect(db.doNotCall.create({ data: { businessId: null, phone, source: 'manual' } })).rejects.toThrow();
  });
});
