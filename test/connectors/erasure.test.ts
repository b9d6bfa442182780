/**
 * Each connector's erasure against a local server speaking the vendor's delete API, and the manifests'
 * declarations matching what the connectors can do. (HubSpot's, end to end through a privacy request, is in
 * test/privacy/erasure.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_MANIFESTS } from '../../connectors/index.ts';
import { createGoogleCalendarConnector } from '../../connectors/google-calendar/index.ts';
import { createSalesforceConnector } from '../../connectors/salesforce/connector.ts';
import { ConnectorError } from '../../connectors/types.ts';
import { acmeCrmManifest } from './acme-crm/manifest.ts';
import {
  startGoogleCalendarStandin,
  startSalesforceStandin,
  type RecordStandin,
} from '../../testkit/crm-erase-standins.ts';
import { memoryContext } from '../../testkit/memory-ledger.ts';

let sf: RecordStandin;
let gcal: RecordStandin;
beforeAll(async () => {
  sf = await startSalesforceStandin('token-1');
  gcal = await startGoogleCalendarStandin('token-1');
});
afterAll(async () => {
  await sf?.stop();
  await gcal?.stop();
});

describe('connector erasure', () => {
  it('Salesforce deletes the Tasks and Leads Leadline created; an already deleted one counts as deleted', async () => {
    const connector = createSalesforceConnector({ clientId: 'c', clientSecret: 's', loginUrl: sf.url });
    for (const [t, id] of [
      ['Lead', '00Q000000000001AAA'],
      ['Task', '00T000000000001AAA'],
      ['Task', '00T000000000002AAA'],
      ['Lead', '00Q000000000009AAA'],
    ] as const)
      sf.add(t, id);
    const ctx = memoryContext({ account: { id: '00Dxx', instanceUrl: sf.url } });
    const records = [
      { kind: 'lead:lead', localId: 'lead-1', externalId: '00Q000000000001AAA' },
      { kind: 'phone:lead', localId: '+15125550142', externalId: '00Q000000000001AAA' },
      { kind: 'call:task', localId: 'call-1', externalId: '00T000000000001AAA' },
      { kind: 'call:task', localId: 'call-2', externalId: '00T000000000002AAA' },
      { kind: 'call:task', localId: 'call-3', externalId: '00T000000000003AAA' },
    ];
    sf.failNext = 1;
    const first = await connector.erase!(ctx, records).catch((e) => e);
    expect(first).toBeInstanceOf(ConnectorError);
    expect((first as ConnectorError).kind).toBe('transient');
    const r = await connector.erase!(ctx, records);
    expect(r.deleted).toEqual({ task: 3, lead: 1 });
    expect(sf.has('Lead', '00Q000000000001AAA')).toBe(false);
    expect(sf.has('Task', '00T000000000002AAA')).toBe(false);
    expect(sf.has('Lead', '00Q000000000009AAA')).toBe(true);
    // A second run finds everything already gone and is still a success.
    expect((await connector.erase!(ctx, records)).deleted).toEqual({ task: 3, lead: 1 });
  });

  it('Google Calendar deletes the events Leadline created (410 Gone counts as deleted)', async () => {
    const connector = createGoogleCalendarConnector({ clientId: 'c', clientSecret: 's', apiBaseUrl: gcal.url });
    const cal = 'owner@bayheating.test';
    gcal.add(cal, 'll0001');
    const ctx = memoryContext({ account: { id: cal } });
    const records = [
      { kind: 'lead:event', localId: 'lead-1', externalId: 'll0001' },
      { kind: 'lead:event', localId: 'lead-2', externalId: 'll0002' },
    ];
    expect((await connector.erase!(ctx, records)).deleted).toEqual({ event: 2 });
    expect(gcal.has(cal, 'll0001')).toBe(false);
    expect(gcal.deletes).toEqual([`${cal}/ll0001`]);
  });

  it('every manifest declares erasure, and a connector that declares it has erase()', () => {
    for (const m of [...BUILT_IN_MANIFESTS, acmeCrmManifest]) {
      const c = m.create({ ...Object.fromEntries(Object.keys(m.env).map((k) => [k, undefined])) } as never, {
        clientId: 'c',
        clientSecret: 's',
      });
      expect(typeof c.erase === 'function', m.provider).toBe(m.erasure.supported);
      if (!m.erasure.supported) expect(m.erasure.reason.length).toBeGreaterThan(5);
    }
  });
});
