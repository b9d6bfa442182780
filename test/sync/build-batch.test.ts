/** What a CRM is told about a call's recording: a link only when Leadline itself would play it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBatch } from '../../server/sync/build-batch.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { freshHubId, hubspotConnection, writeLead } from '../../testkit/seed-leads.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

describe('buildBatch', () => {
  it('links the recording of a consented call and of a voicemail, never of a declined call', async () => {
    const { conn, businessId } = await hubspotConnection(app.ctx, { hubId: freshHubId(), token: 't' });
    const cases = { granted: 'ai', declined: 'ai', none: 'voicemail' } as const;
    const urls: Record<string, string | null> = {};
    for (const [consent, mode] of Object.entries(cases)) {
      const w = await writeLead(app.ctx.db, businessId, {
        email: null,
        phone: `+1555400${String(Math.floor(Math.random() * 9999)).padStart(4, '0')}`,
      });
      await app.ctx.db.call.update({ where: { id: w.callId! }, data: { recordingSid: 'RE' + 'a'.repeat(32), mode } });
      if (consent !== 'none')
        await app.ctx.db.consentRecord.create({
          data: { callId: w.callId!, businessId, promptText: 'p', outcome: consent as 'granted' | 'declined' },
        });
      const rec = await app.ctx.db.syncRecord.findFirstOrThrow({
        where: { connectionId: conn.id, kind: 'lead', localId: w.leadId },
      });
      const batch = await buildBatch(app.ctx, conn, [
        { id: rec.id, localId: w.leadId, attempts: 0, claimedVersion: '' },
      ]);
      urls[`${consent}/${mode}`] = batch.works[0]!.call!.recordingUrl;
    }
    expect(urls['granted/ai']).toMatch(/^https:\/\/leadline\.test\/.+/);
    expect(urls['none/voicemail']).toMatch(/^https:\/\/leadline\.test\/.+/);
    expect(urls['declined/ai']).toBeNull();
  });
});
