/**
 * Salesforce's External ID fields are made at install through the Metadata API (SOAP, as jsforce speaks it),
 * made visible to the installing user with a permission set, and recorded for the ledger; the first push
 * then upserts by them without describing anything. A user who may not customize the org fails the set-up
 * (the install goes on without it), and the push takes the describe-then-fallback path.
 */
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../../connectors/salesforce/index.ts';
import { userIdOf } from '../../../connectors/salesforce/install-fields.ts';
import type { Grant } from '../../../connectors/types.ts';
import { memoryContext } from '../../../testkit/memory-ledger.ts';
import { work } from '../../../testkit/salesforce-records.ts';

const INSTANCE = 'https://acme.my.salesforce.com';
const V = '/services/data/v62.0';
const SOAP = '/services/Soap/m/62.0';
const USER = '005xx000001Sv6QAAS';
const connector = createSalesforceConnector({ clientId: 'cid', clientSecret: 'secret' });
const grant: Grant = {
  accessToken: 'at-install',
  refreshToken: 'rt',
  expiresAt: null,
  scopes: ['api', 'refresh_token'],
  instanceUrl: INSTANCE,
  idUrl: `https://login.salesforce.com/id/00Dxx0000001gPLEAY/${USER}`,
};

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const upserted = (...results: { fullName: string; success: boolean }[]) =>
  envelope(
    `<upsertMetadataResponse>${results
      .map(
        (r) =>
          `<result><created>true</created><fullName>${r.fullName}</fullName><success>${r.success}</success>${
            r.success
              ? ''
              : '<errors><message>not allowed here</message><statusCode>FIELD_INTEGRITY_EXCEPTION</statusCode></errors>'
          }</result>`,
      )
      .join('')}</upsertMetadataResponse>`,
  );
const XML = { 'content-type': 'text/xml; charset=utf-8' };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe('Salesforce External ID fields at install', () => {
  it('makes both fields, grants them to the installing user, and the first push upserts without a describe', async () => {
    const soap: string[] = [];
    let assignment: Record<string, unknown> = {};
    nock(INSTANCE)
      .post(SOAP, (b: string) => (soap.push(b), b.includes('<upsertMetadata>') && b.includes('CustomField')))
      .reply(
        200,
        upserted(
          { fullName: 'Lead.Leadline_Person_Key__c', success: true },
          { fullName: 'Activity.Leadline_Call_Key__c', success: true },
        ),
        XML,
      )
      .post(SOAP, (b: string) => (soap.push(b), b.includes('PermissionSet')))
      .reply(200, upserted({ fullName: 'Leadline_Sync', success: true }), XML)
      .get(`${V}/query`)
      .query((q) => String(q.q).includes(`AssigneeId = '${USER}'`) && String(q.q).includes("Name = 'Leadline_Sync'"))
      .reply(200, { totalSize: 1, done: true, records: [{ Id: '0PSxx0000000001AAA', Assignments: null }] })
      .post(`${V}/sobjects/PermissionSetAssignment`, (b) => ((assignment = b), true))
      .reply(201, { id: '0Paxx0000000001AAA', success: true, errors: [] });

    const entries = await connector.prepare!(grant);
    expect(entries).toEqual([
      { kind: 'salesforce:external-id', localId: 'Lead', externalId: 'Leadline_Person_Key__c' },
      { kind: 'salesforce:external-id', localId: 'Task', externalId: 'Leadline_Call_Key__c' },
    ]);
    // The session rides in the SOAP header; the fields are External IDs, unique and case-sensitive.
    expect(soap[0]).toContain('<sessionId>at-install</sessionId>');
    expect(soap[0]).toMatch(/<metadata xsi:type="CustomField"><fullName>Lead\.Leadline_Person_Key__c<\/fullName>/);
    expect(soap[0]).toContain('<fullName>Activity.Leadline_Call_Key__c</fullName>');
    expect(soap[0]).toMatch(
      /<caseSensitive>true<\/caseSensitive><description>[^<]+<\/description><externalId>true<\/externalId><label>Leadline person key<\/label><length>255<\/length><type>Text<\/type><unique>true<\/unique>/,
    );
    expect(soap[1]).toContain(
      '<fieldPermissions><editable>true</editable><field>Lead.Leadline_Person_Key__c</field><readable>true</readable></fieldPermissions>',
    );
    expect(assignment).toEqual({ AssigneeId: USER, PermissionSetId: '0PSxx0000000001AAA' });

    // The connection's first push: the ledger already knows, so no describe; Leads and Tasks go by their keys.
    const ctx = memoryContext({ account: { id: '00Dxx0000001gPLEAY', instanceUrl: INSTANCE, name: 'Acme' } });
    for (const e of entries) await ctx.ledger.put(e.kind, e.localId, e.externalId);
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] })
      .patch(`${V}/composite/sobjects/Lead/Leadline_Person_Key__c`)
      .reply(200, [{ id: '00Q000000000001AAA', success: true, errors: [], created: true }])
      .patch(`${V}/composite/sobjects/Task/Leadline_Call_Key__c`)
      .reply(200, [{ id: '00T000000000001AAA', success: true, errors: [], created: true }]);
    const [outcome] = await connector.push(ctx, [work(1)]);
    expect(outcome).toMatchObject({ status: 'synced', externalIds: { lead: '00Q000000000001AAA' } });
  });

  it('a field the org refuses is left out, and a user already holding the permission set is not assigned again', async () => {
    let permissionSet = '';
    nock(INSTANCE)
      .post(SOAP, (b: string) => b.includes('CustomField'))
      .reply(
        200,
        upserted(
          { fullName: 'Lead.Leadline_Person_Key__c', success: true },
          { fullName: 'Activity.Leadline_Call_Key__c', success: false },
        ),
        XML,
      )
      .post(SOAP, (b: string) => ((permissionSet = b), b.includes('PermissionSet')))
      .reply(200, upserted({ fullName: 'Leadline_Sync', success: true }), XML)
      .get(`${V}/query`)
      .query(true)
      .reply(200, {
        totalSize: 1,
        done: true,
        records: [{ Id: '0PSxx0000000001AAA', Assignments: { totalSize: 1, done: true, records: [{ Id: '0Pa1' }] } }],
      });
    expect(await connector.prepare!(grant)).toEqual([
      { kind: 'salesforce:external-id', localId: 'Lead', externalId: 'Leadline_Person_Key__c' },
    ]);
    expect(permissionSet).toContain('<field>Lead.Leadline_Person_Key__c</field>');
    expect(permissionSet).not.toContain('Activity.Leadline_Call_Key__c');
  });

  it('a user who may not customize the org: the SOAP fault fails the set-up, and nothing else is sent', async () => {
    nock(INSTANCE)
      .post(SOAP)
      .reply(
        500,
        envelope(
          '<soapenv:Fault><faultcode>sf:INSUFFICIENT_ACCESS</faultcode><faultstring>INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id</faultstring></soapenv:Fault>',
        ),
        XML,
      );
    const unmatched: string[] = [];
    const onNoMatch = (req: { path?: string }) => unmatched.push(String(req.path));
    nock.emitter.on('no match', onNoMatch);
    // completeInstall logs it and installs without entries; the first push describes (connector.test.ts).
    await expect(connector.prepare!(grant)).rejects.toThrow(/INSUFFICIENT_ACCESS/);
    nock.emitter.off('no match', onNoMatch);
    expect(unmatched).toEqual([]);
  });

  it('takes the user id only from a well-formed identity URL, since it goes into SOQL', () => {
    expect(userIdOf(`https://login.salesforce.com/id/00D/${USER}`)).toBe(USER);
    expect(userIdOf("https://login.salesforce.com/id/00D/005' OR Name != '")).toBeNull();
    expect(userIdOf(null)).toBeNull();
  });
});
