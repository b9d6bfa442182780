import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { ConnectorError, type SyncOutcome, type SyncedOutcome } from '../../../connectors/types.ts';
import { MemoryBudget, memoryContext } from '../../../testkit/memory-ledger.ts';
import { work } from '../../../testkit/salesforce-records.ts';

const INSTANCE = 'https://acme.my.salesforce.com';
const V = '/services/data/v62.0';
/** An org without Leadline's External ID fields: plain creates (the upsert path has its own test below). */
const connector = createSalesforceConnector({
  clientId: 'cid',
  clientSecret: 'secret',
  loginUrl: 'https://login.salesforce.com',
  externalIds: false,
});
const keyed = createSalesforceConnector({
  clientId: 'cid',
  clientSecret: 'secret',
  loginUrl: 'https://login.salesforce.com',
});
const ctxFor = (opts: Parameters<typeof memoryContext>[0] = {}) =>
  memoryContext({ account: { id: '00Dxx0000001gPLEAY', instanceUrl: INSTANCE, name: 'Acme' }, ...opts });

const synced = (o: SyncOutcome | undefined) => {
  if (o?.status !== 'synced') throw new Error(`expected synced, got ${JSON.stringify(o)}`);
  return o as SyncedOutcome;
};
const bodyOf = (b: unknown) => (typeof b === 'string' ? JSON.parse(b) : b) as Record<string, any>;

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('Salesforce push', () => {
  it('creates a Lead and a call Task, records both, and a re-push creates nothing', async () => {
    const ctx = ctxFor();
    let leadBody: Record<string, any> = {};
    let taskBody: Record<string, any> = {};
    let soql = '';
    nock(INSTANCE)
      .get(`${V}/query`)
      .query((q) => ((soql = String(q.q)), true))
      .reply(200, { totalSize: 0, done: true, records: [] })
      .post(`${V}/sobjects/Lead`, (b) => ((leadBody = bodyOf(b)), true))
      .reply(201, { id: '00Q000000000001AAA', success: true, errors: [] })
      .post(`${V}/sobjects/Task`, (b) => ((taskBody = bodyOf(b)), true))
      .reply(201, { id: '00T000000000001AAA', success: true, errors: [] });

    const [out] = await connector.push(ctx, [work(1)]);
    expect(synced(out)).toEqual({
      key: 'work-1',
      status: 'synced',
      externalIds: { lead: '00Q000000000001AAA', task: '00T000000000001AAA' },
      deepLink: `${INSTANCE}/lightning/r/Lead/00Q000000000001AAA/view`,
    });
    expect(soql).toContain("Email IN ('maria@example.com')");
    expect(soql).toContain("'(415) 555-0123'");
    expect(leadBody).toMatchObject({
      LastName: 'Ruiz',
      FirstName: 'Maria Elena',
      Company: '[not provided]',
      LeadSource: 'Phone Inquiry',
      Rating: 'Hot',
    });
    expect(taskBody).toMatchObject({
      WhoId: '00Q000000000001AAA',
      TaskSubtype: 'Call',
      CallType: 'Inbound',
      Status: 'Completed',
    });
    expect(ctx.ledger.entries('lead:lead').get('lead-1')).toBe('00Q000000000001AAA');
    expect(ctx.ledger.entries('phone:lead').get('+14155550123')).toBe('00Q000000000001AAA');
    expect(ctx.ledger.entries('email:lead').get('maria@example.com')).toBe('00Q000000000001AAA');
    expect(ctx.ledger.entries('call:task').get('call-1')).toBe('00T000000000001AAA');
    expect(ctx.budget.takes.api).toBe(3);

    // Same work again (a retried job): the ledger turns it into one update and no creates.
    let patched: Record<string, any> = {};
    nock(INSTANCE)
      .patch(`${V}/sobjects/Lead/00Q000000000001AAA`, (b) => ((patched = bodyOf(b)), true))
      .reply(204);
    const [again] = await connector.push(ctx, [work(1)]);
    expect(synced(again).externalIds).toEqual({ lead: '00Q000000000001AAA', task: '00T000000000001AAA' });
    expect(patched).toMatchObject({ LastName: 'Ruiz' });
    expect(patched).not.toHaveProperty('LeadSource');
  });

  it('links to Leads the org already has, matched by e-mail or by phone in any spelling, without changing them', async () => {
    const ctx = ctxFor();
    const tasks: Record<string, any>[] = [];
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, {
        totalSize: 2,
        done: true,
        records: [
          {
            attributes: { type: 'Lead' },
            Id: '00Q0000000000EMAIL',
            Email: 'MARIA@example.com',
            Phone: null,
            MobilePhone: null,
          },
          {
            attributes: { type: 'Lead' },
            Id: '00Q0000000000PHONE',
            Email: null,
            Phone: null,
            MobilePhone: '415-555-0777',
          },
        ],
      })
      .post(`${V}/composite/sobjects`, (b) => (tasks.push(...bodyOf(b).records), true))
      .reply(200, [
        { id: '00T0000000000000A1', success: true, errors: [] },
        { id: '00T0000000000000A2', success: true, errors: [] },
      ]);
    const outs = await connector.push(ctx, [work(1), work(2, { email: null, phone: '+14155550777' })]);
    expect(outs.map((o) => synced(o).externalIds.lead)).toEqual(['00Q0000000000EMAIL', '00Q0000000000PHONE']);
    expect(tasks.map((t) => [t.attributes.type, t.WhoId])).toEqual([
      ['Task', '00Q0000000000EMAIL'],
      ['Task', '00Q0000000000PHONE'],
    ]);
    expect(ctx.ledger.entries('lead:lead').get('lead-2')).toBe('00Q0000000000PHONE');
  });

  it('creates a batch through sObject Collections, one Lead per person, and survives one bad record', async () => {
    const ctx = ctxFor();
    let collection: Record<string, any> = {};
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] })
      .post(`${V}/composite/sobjects`, (b) => ((collection = bodyOf(b)), true))
      .reply(200, [
        { id: '00Q0000000000000B1', success: true, errors: [] },
        {
          success: false,
          errors: [
            { statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: bad@', fields: ['Email'] },
          ],
        },
        { id: '00Q0000000000000B3', success: true, errors: [] },
      ])
      .post(`${V}/composite/sobjects`)
      .reply(200, [
        { id: '00T0000000000000B1', success: true, errors: [] },
        { id: '00T0000000000000B3', success: true, errors: [] },
        { id: '00T0000000000000B4', success: true, errors: [] },
      ]);
    const works = [
      work(1),
      work(2, { email: 'bad@', phone: '+14155550002', name: 'Bad Email' }),
      work(3, { email: 'three@example.com', phone: '+14155550003' }),
      // Same caller as work 3 in the same batch: no second Lead.
      work(4, { email: null, phone: '+14155550003' }),
    ];
    const outs = await connector.push(ctx, works);
    expect(collection.allOrNone).toBe(false);
    expect(collection.records).toHaveLength(3);
    expect(collection.records.every((r: any) => r.attributes.type === 'Lead')).toBe(true);
    expect(synced(outs[0]).externalIds.lead).toBe('00Q0000000000000B1');
    expect(outs[1]).toMatchObject({ status: 'failed', error: { kind: 'permanent' } });
    expect((outs[1] as { error: ConnectorError }).error.message).toContain('INVALID_EMAIL_ADDRESS');
    expect(synced(outs[2]).externalIds).toEqual({ lead: '00Q0000000000000B3', task: '00T0000000000000B3' });
    expect(synced(outs[3]).externalIds).toEqual({ lead: '00Q0000000000000B3', task: '00T0000000000000B4' });
  });

  it('resolves DUPLICATES_DETECTED to the record the duplicate rule matched', async () => {
    const ctx = ctxFor();
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] })
      // Collections report the duplicate without naming the match…
      .post(`${V}/composite/sobjects`)
      .reply(200, [
        {
          success: false,
          errors: [{ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] }],
        },
        { id: '00Q0000000000000C2', success: true, errors: [] },
      ])
      // …the single-record call does (with the REST API's own spelling of the key).
      .post(`${V}/sobjects/Lead`)
      .reply(400, [
        {
          duplicateResut: {
            allowSave: false,
            duplicateRule: 'Standard_Rule_for_Leads_with_Duplicate_Leads',
            duplicateRuleEntityType: 'Lead',
            errorMessage: 'Use one of these records?',
            matchResults: [
              {
                entityType: 'Lead',
                errors: [],
                matchEngine: 'FuzzyMatchEngine',
                matchRecords: [
                  {
                    additionalInformation: [],
                    fieldDiffs: [],
                    matchConfidence: 100,
                    record: {
                      attributes: { type: 'Lead', url: `${V}/sobjects/Lead/00Q00000000000DUPE` },
                      Id: '00Q00000000000DUPE',
                    },
                  },
                ],
                rule: 'Standard_Lead_Match_Rule_v1_0',
                size: 1,
                success: true,
              },
            ],
          },
          errorCode: 'DUPLICATES_DETECTED',
          message: 'Use one of these records?',
        },
      ])
      .post(`${V}/composite/sobjects`)
      .reply(200, [
        { id: '00T0000000000000C1', success: true, errors: [] },
        { id: '00T0000000000000C2', success: true, errors: [] },
      ]);
    const outs = await connector.push(ctx, [work(1), work(2, { email: 'two@example.com', phone: '+14155550002' })]);
    expect(synced(outs[0]).externalIds.lead).toBe('00Q00000000000DUPE');
    expect(synced(outs[1]).externalIds.lead).toBe('00Q0000000000000C2');
    expect(ctx.ledger.entries('lead:lead').get('lead-1')).toBe('00Q00000000000DUPE');
  });

  it('answers INVALID_SESSION_ID with one forced refresh and retries with the new token', async () => {
    const ctx = ctxFor({ tokens: ['stale', 'fresh'] });
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer stale' } })
      .get(`${V}/query`)
      .query(true)
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    nock(INSTANCE, { reqheaders: { authorization: 'Bearer fresh' } })
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] })
      .post(`${V}/sobjects/Lead`)
      .reply(201, { id: '00Q0000000000000D1', success: true, errors: [] });
    const [out] = await connector.push(ctx, [work(1, {}, false)]);
    expect(synced(out).externalIds).toEqual({ lead: '00Q0000000000000D1' });
    expect(ctx.refreshes()).toBe(1);
  });

  it('gives up after one refresh when the new token is rejected too', async () => {
    const ctx = ctxFor({ tokens: ['stale', 'also-stale'] });
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .times(2)
      .reply(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const [out] = await connector.push(ctx, [work(1)]);
    expect(out).toMatchObject({ status: 'failed', error: { kind: 'auth' } });
    expect(ctx.refreshes()).toBe(1);
  });

  it('classifies REQUEST_LIMIT_EXCEEDED as transient and pauses the connection', async () => {
    const ctx = ctxFor();
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    const [out] = await connector.push(ctx, [work(1)]);
    expect(out?.status).toBe('failed');
    const error = (out as { error: ConnectorError }).error;
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.kind).toBe('transient');
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(30 * 60_000);
    expect(ctx.budget.pauses).toEqual([{ bucket: 'api', ms: error.retryAfterMs }]);
  });

  it('slows down when Sforce-Limit-Info shows the org near its daily allowance', async () => {
    const budget = new MemoryBudget({ sleep: async () => {} });
    const ctx = ctxFor({ budget });
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] }, { 'Sforce-Limit-Info': 'api-usage=96000/100000' })
      .post(`${V}/sobjects/Lead`)
      .reply(
        201,
        { id: '00Q0000000000000E1', success: true, errors: [] },
        { 'Sforce-Limit-Info': 'api-usage=96001/100000' },
      );
    await connector.push(ctx, [work(1, {}, false)]);
    expect(budget.pauses).toEqual([
      { bucket: 'api', ms: 5 * 60_000 },
      { bucket: 'api', ms: 5 * 60_000 },
    ]);
  });

  it('keeps unmatched leads waiting when the match query fails, instead of risking duplicates', async () => {
    const ctx = ctxFor();
    nock(INSTANCE).get(`${V}/query`).query(true).reply(503, 'Service Unavailable', { 'content-type': 'text/plain' });
    const [out] = await connector.push(ctx, [work(1)]);
    expect(out).toMatchObject({ status: 'failed', error: { kind: 'transient', httpStatus: 503 } });
    expect(ctx.ledger.puts).toBe(0);
  });
});

describe('Salesforce push with External ID fields', () => {
  it('upserts Leads and Tasks by their keys, so a Task whose answer was lost is not logged twice', async () => {
    const ctx = ctxFor();
    const describeWith = (field: string) => ({
      name: 'x',
      fields: [
        { name: 'Id', label: 'Id', type: 'id' },
        { name: field, label: field, type: 'string', externalId: true },
      ],
    });
    const taskBodies: Record<string, any>[] = [];
    let leadBody: Record<string, any> = {};
    nock(INSTANCE)
      .get(`${V}/sobjects/Lead/describe`)
      .reply(200, describeWith('Leadline_Person_Key__c'))
      .get(`${V}/sobjects/Task/describe`)
      .reply(200, describeWith('Leadline_Call_Key__c'))
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] })
      .patch(`${V}/composite/sobjects/Lead/Leadline_Person_Key__c`, (b) => ((leadBody = bodyOf(b)), true))
      .reply(200, [{ id: '00Q000000000001AAA', success: true, errors: [], created: true }])
      // Salesforce committed the Task, but its answer is lost.
      .patch(`${V}/composite/sobjects/Task/Leadline_Call_Key__c`, (b) => (taskBodies.push(bodyOf(b)), true))
      .reply(502, 'Bad Gateway', { 'content-type': 'text/plain' });

    const [first] = await keyed.push(ctx, [work(1)]);
    expect(first?.status).toBe('failed');
    expect(leadBody.records[0]).toMatchObject({
      attributes: { type: 'Lead' },
      Leadline_Person_Key__c: 'email:maria@example.com',
      LastName: 'Ruiz',
    });

    // The retry sends the same key again: Salesforce updates the Task it has (created: false).
    nock(INSTANCE)
      .patch(`${V}/sobjects/Lead/00Q000000000001AAA`)
      .reply(204)
      .patch(`${V}/composite/sobjects/Task/Leadline_Call_Key__c`, (b) => (taskBodies.push(bodyOf(b)), true))
      .reply(200, [{ id: '00T000000000001AAA', success: true, errors: [], created: false }]);
    const [again] = await keyed.push(ctx, [work(1)]);
    expect(synced(again).externalIds).toEqual({ lead: '00Q000000000001AAA', task: '00T000000000001AAA' });
    expect(taskBodies.map((b) => b.records[0].Leadline_Call_Key__c)).toEqual(['call-1', 'call-1']);
    expect(ctx.ledger.entries('salesforce:external-id')).toEqual(
      new Map([
        ['Lead', 'Leadline_Person_Key__c'],
        ['Task', 'Leadline_Call_Key__c'],
      ]),
    );
  });

  it('an org without the fields is described once a day, and gets plain creates meanwhile', async () => {
    const ctx = ctxFor();
    nock(INSTANCE)
      .get(`${V}/sobjects/Lead/describe`)
      .reply(200, { name: 'Lead', fields: [{ name: 'Id', label: 'Id', type: 'id' }] })
      .get(`${V}/sobjects/Task/describe`)
      .reply(200, { name: 'Task', fields: [{ name: 'Id', label: 'Id', type: 'id' }] })
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] })
      .post(`${V}/sobjects/Lead`)
      .reply(201, { id: '00Q000000000002AAA', success: true, errors: [] })
      .post(`${V}/sobjects/Task`)
      .reply(201, { id: '00T000000000002AAA', success: true, errors: [] });
    expect(synced((await keyed.push(ctx, [work(2)]))[0]).externalIds).toEqual({
      lead: '00Q000000000002AAA',
      task: '00T000000000002AAA',
    });
    expect([...ctx.ledger.entries('salesforce:external-id').values()].map((v) => v.replace(/\d+$/, ''))).toEqual([
      'absent@',
      'absent@',
    ]);

    // The next push (the same lead again: an update) does not describe again.
    const unmatched: string[] = [];
    const onNoMatch = (req: { path?: string }) => unmatched.push(String(req.path));
    nock.emitter.on('no match', onNoMatch);
    nock(INSTANCE).patch(`${V}/sobjects/Lead/00Q000000000002AAA`).reply(204);
    expect(synced((await keyed.push(ctx, [work(2)]))[0]).externalIds).toEqual({
      lead: '00Q000000000002AAA',
      task: '00T000000000002AAA',
    });
    nock.emitter.off('no match', onNoMatch);
    expect(unmatched).toEqual([]);
  });
});

describe('Salesforce account and fields', () => {
  it('reads org id, user e-mail and time zone from the identity URL with a bearer header', async () => {
    nock('https://login.salesforce.com', { reqheaders: { authorization: 'Bearer at-1' } })
      .get('/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS')
      .query({ format: 'json' })
      .reply(200, {
        id: 'https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS',
        organization_id: '00Dxx0000001gPLEAY',
        user_id: '005xx000001SwiUAAS',
        email: 'owner@bayheating.test',
        timezone: 'America/Los_Angeles',
        display_name: 'Owner',
      });
    nock(INSTANCE)
      .get(`${V}/query`)
      .query({ q: 'SELECT Name FROM Organization LIMIT 1' })
      .reply(200, { totalSize: 1, done: true, records: [{ Name: 'Bay Heating Inc' }] });
    const account = await connector.account({
      accessToken: 'at-1',
      refreshToken: 'rt',
      expiresAt: null,
      scopes: ['api', 'refresh_token'],
      instanceUrl: INSTANCE,
      idUrl: 'https://login.salesforce.com/id/00Dxx0000001gPLEAY/005xx000001SwiUAAS',
    });
    expect(account).toEqual({
      id: '00Dxx0000001gPLEAY',
      name: 'Bay Heating Inc',
      ownerEmail: 'owner@bayheating.test',
      instanceUrl: INSTANCE,
      timezone: 'America/Los_Angeles',
    });
  });

  it('lists the Lead fields a mapping may target', async () => {
    nock(INSTANCE)
      .get(`${V}/sobjects/Lead/describe`)
      .reply(200, {
        name: 'Lead',
        fields: [
          { name: 'Budget__c', label: 'Budget', type: 'string', createable: true, updateable: true },
          { name: 'Id', label: 'Lead ID', type: 'id', createable: false, updateable: false },
        ],
      });
    expect(await connector.listFields!(ctxFor())).toEqual([{ name: 'Budget__c', label: 'Budget', type: 'string' }]);
  });
});
