/**
 * #19: a campaign call's CRM record names the campaign and how the call went ("Campaign: Spring boiler
 * check — interested"). Campaign calls go through the real post-call pipeline (transcript → extraction →
 * lead → outbox); the batch the sync builds from the database is pushed to Salesforce (its REST API
 * answered by nock) and to the acme-crm test connector's local API, and by the real push to the HubSpot
 * stand-in over HTTP.
 */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceConnector } from '../../connectors/salesforce/index.ts';
import type { AppContext } from '../../server/context.ts';
import type { CampaignOutcome } from '../../server/db/generated/enums.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { buildBatch } from '../../server/sync/build-batch.ts';
import { campaignPayload } from '../../server/sync/payloads.ts';
import { startAcmeApi, workspaceIdOf } from '../connectors/acme-crm/api-server.ts';
import { createAcmeConnector } from '../connectors/acme-crm/connector.ts';
import { runPush } from '../../server/sync/push.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { seedList } from '../../testkit/campaign-seed.ts';
import { hubAccount, stopStandins } from '../../testkit/hubspot-account.ts';
import type { HubspotStandin } from '../../testkit/hubspot-standin.ts';
import { memoryContext } from '../../testkit/memory-ledger.ts';
import { statusCounts } from '../../testkit/seed-leads.ts';

let app: TestApp;
let standin: HubspotStandin;
let ctx: AppContext;
let businessId: string;
let connectionId: string;
let hubId: number;

beforeAll(async () => {
  app = await startTestApp();
  const h = await hubAccount(app);
  ({ standin, ctx, businessId } = h);
  connectionId = h.conn.id;
  hubId = h.account.hubId;
});
afterAll(async () => {
  await app?.close();
  await stopStandins();
  nock.cleanAll();
});

/** A campaign call to `phone` that ended (dial outcome as given), through the post-call pipeline. */
async function campaignCall(phone: string, dialOutcome: CampaignOutcome | null) {
  const { db } = ctx;
  const listId = await seedList(db, businessId, [{ phone, name: 'Dana Price', timeZone: 'America/New_York' }]);
  const contact = await db.listContact.findFirstOrThrow({ where: { listId } });
  const campaign = await db.campaign.create({
    data: {
      businessId,
      listId,
      name: 'Spring boiler check',
      goal: 'qualify',
      script: 'Ask whether they want their boiler checked before summer.',
      greeting: 'Hi!',
      disclosure: 'This is an AI assistant.',
      callerId: '+15125550100',
      status: 'running',
    },
  });
  const target = await db.campaignTarget.create({
    data: { campaignId: campaign.id, contactId: contact.id, businessId, phone, timeZone: 'America/New_York' },
  });
  const dialId = randomUUID();
  const call = await db.call.create({
    data: {
      businessId,
      twilioCallSid: `CA${randomUUID().replace(/-/g, '')}`,
      direction: 'outbound',
      from: '+15125550100',
      to: phone,
      status: 'completed',
      startedAt: new Date(),
      answeredAt: new Date(),
      endedAt: new Date(),
      durationSeconds: 75,
      campaignDialId: dialId,
    },
  });
  await db.campaignDial.create({
    data: {
      id: dialId,
      campaignId: campaign.id,
      targetId: target.id,
      attempt: 1,
      status: 'placed',
      callId: call.id,
      outcome: dialOutcome,
      seconds: 75,
    },
  });
  await db.transcriptSegment.createMany({
    data: [
      { callId: call.id, businessId, seq: 0, speaker: 'agent', text: 'Hi, would you like your boiler checked?' },
      {
        callId: call.id,
        businessId,
        seq: 1,
        speaker: 'caller',
        text: 'Yes please, this is Dana Price, the boiler has been making a noise. Call me back next week.',
      },
    ],
  });
  const r = await processCall(ctx, call.id);
  expect(r.leadId).toBeTruthy();
  return { leadId: r.leadId!, callId: call.id, campaignId: campaign.id };
}

describe('campaign name in the CRM', { timeout: 60_000 }, () => {
  it("a campaign call's HubSpot call, Salesforce Task and acme-crm note open with the campaign and its outcome", async () => {
    const { db } = ctx;
    const phone = '+15125550177';
    const made = await campaignCall(phone, 'interested');

    // The batch the sync builds from the database carries the campaign with the call.
    const rec = await db.syncRecord.findFirstOrThrow({ where: { connectionId, kind: 'lead', localId: made.leadId } });
    const batch = await buildBatch(ctx, { id: connectionId, businessId }, [
      { id: rec.id, localId: made.leadId, attempts: 0, claimedVersion: '' },
    ]);
    expect(batch.works[0]!.call!.campaign).toEqual({
      id: made.campaignId,
      name: 'Spring boiler check',
      outcome: 'interested',
    });

    // Salesforce: the Task written for that work.
    const INSTANCE = 'https://acme.my.salesforce.com';
    const V = '/services/data/v62.0';
    let task: Record<string, unknown> = {};
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, { totalSize: 0, done: true, records: [] })
      .post(`${V}/sobjects/Lead`)
      .reply(201, { id: '00Q000000000001AAA', success: true, errors: [] })
      .post(`${V}/sobjects/Task`, (b) => {
        task = (typeof b === 'string' ? JSON.parse(b) : b) as Record<string, unknown>;
        return true;
      })
      .reply(201, { id: '00T000000000001AAA', success: true, errors: [] });
    const salesforce = createSalesforceConnector({
      clientId: 'cid',
      clientSecret: 'secret',
      loginUrl: 'https://login.salesforce.com',
      externalIds: false,
    });
    const sfCtx = memoryContext({ account: { id: '00Dxx0000001gPLEAY', instanceUrl: INSTANCE, name: 'Acme' } });
    const [out] = await salesforce.push(sfCtx, batch.works);
    expect(out?.status).toBe('synced');
    expect(String(task.Description).split('\n')[0]).toBe('Campaign: Spring boiler check — interested');
    expect(nock.pendingMocks()).toEqual([]);

    // The test-only acme-crm connector: the call's note, on its local API server.
    const acme = await startAcmeApi((t) => (t === 'acme-token' ? { email: 'desk@acme.test' } : null));
    try {
      const connector = createAcmeConnector({
        clientId: 'acme-client',
        clientSecret: 'acme-secret',
        oauthUrl: acme.url,
        apiUrl: acme.url,
      });
      const [note] = await connector.push(memoryContext({ tokens: ['acme-token'] }), batch.works);
      expect(note?.status).toBe('synced');
      const notes = acme.notes(workspaceIdOf('desk@acme.test'));
      expect(notes.map((n) => n.body.split('\n')[0])).toEqual(['Campaign: Spring boiler check — interested']);
    } finally {
      await acme.stop();
    }

    // HubSpot: the real push, over HTTP to the stand-in.
    for (let i = 0; i < 20 && (await statusCounts(db, connectionId)).pending; i++)
      await runPush(ctx, connectionId, { inlineWaitMs: 5_000, timeBudgetMs: 30_000 });
    expect((await statusCounts(db, connectionId)).pending ?? 0).toBe(0);
    const contact = standin.contacts(hubId).find((c) => c.properties.phone === phone);
    const logged = standin.calls(hubId).filter((c) => c.associations.some((a) => a.toId === contact?.id));
    expect(logged).toHaveLength(1);
    const body = String(logged[0]!.properties.hs_call_body);
    expect(body.startsWith('<p>Campaign: Spring boiler check — interested</p>')).toBe(true);
    expect(logged[0]!.properties.hs_call_direction).toBe('OUTBOUND');
  });

  it("before the dial's outcome is written, the CRM is told what the lead makes it; other calls carry none", async () => {
    // The push can run before `campaign.outcome`: the outcome comes from the same lead and booked time.
    const dial = { campaign: { id: 'c1', name: 'Spring boiler check' }, outcome: null };
    expect(campaignPayload(dial, { requestedStart: null }, { temperature: 'Warm' }).outcome).toBe('interested');
    expect(campaignPayload(dial, { requestedStart: new Date() }, { temperature: 'Cold' }).outcome).toBe('booked');
    expect(campaignPayload(dial, { requestedStart: null }, { temperature: 'Cold' }).outcome).toBe('not_interested');
    expect(
      campaignPayload({ ...dial, outcome: 'opted_out' }, { requestedStart: null }, { temperature: 'Hot' }).outcome,
    ).toBe('opted_out');

    const made = await campaignCall('+15125550178', null);
    const rec = await ctx.db.syncRecord.findFirstOrThrow({
      where: { connectionId, kind: 'lead', localId: made.leadId },
    });
    const lead = await ctx.db.lead.findUniqueOrThrow({ where: { id: made.leadId } });
    const call = await ctx.db.call.findUniqueOrThrow({ where: { id: made.callId } });
    const batch = await buildBatch(ctx, { id: connectionId, businessId }, [
      { id: rec.id, localId: made.leadId, attempts: 0, claimedVersion: '' },
    ]);
    expect(batch.works[0]!.call!.campaign).toEqual(
      campaignPayload({ campaign: { id: made.campaignId, name: 'Spring boiler check' }, outcome: null }, call, lead),
    );
    // An inbound call has no campaign in its payload at all.
    const inbound = await ctx.db.call.create({
      data: {
        businessId,
        twilioCallSid: `CA${randomUUID().replace(/-/g, '')}`,
        direction: 'inbound',
        from: '+15125550179',
        to: '+15125550100',
        status: 'completed',
        endedAt: new Date(),
        durationSeconds: 30,
      },
    });
    await ctx.db.transcriptSegment.create({
      data: { callId: inbound.id, businessId, seq: 0, speaker: 'caller', text: 'My heater is broken, call me back.' },
    });
    const r = await processCall(ctx, inbound.id);
    const rec2 = await ctx.db.syncRecord.findFirstOrThrow({
      where: { connectionId, kind: 'lead', localId: r.leadId! },
    });
    const b2 = await buildBatch(ctx, { id: connectionId, businessId }, [
      { id: rec2.id, localId: r.leadId!, attempts: 0, claimedVersion: '' },
    ]);
    expect(b2.works[0]!.call).not.toHaveProperty('campaign');
  });
});
