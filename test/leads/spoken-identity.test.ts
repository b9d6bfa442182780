/**
 * A spoken identity is a claim; the caller ID is proof (#12). Calls go through the real post-call pipeline
 * (transcript → extraction → lead → outbox) and the real push to the HubSpot stand-in over HTTP:
 * - a caller matched by caller ID who says another e-mail or name does not overwrite the lead's or the
 *   CRM contact's; the claim is noted (summary; in HubSpot, the call's note);
 * - a caller who speaks another caller's e-mail from a different number is not merged into that lead.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { runPush } from '../../server/sync/push.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { hubAccount, stopStandins } from '../../testkit/hubspot-account.ts';
import type { HubspotStandin } from '../../testkit/hubspot-standin.ts';
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
});

/** A finished inbound call from `from` whose caller said `words`, through the post-call pipeline and the push. */
async function call(from: string, words: string) {
  const { db } = ctx;
  const row = await db.call.create({
    data: {
      businessId,
      twilioCallSid: `CA${randomUUID().replace(/-/g, '')}`,
      direction: 'inbound',
      from,
      to: '+15125550100',
      status: 'completed',
      startedAt: new Date(),
      answeredAt: new Date(),
      endedAt: new Date(),
      durationSeconds: 60,
    },
  });
  await db.transcriptSegment.createMany({
    data: [
      { callId: row.id, businessId, seq: 0, speaker: 'agent', text: 'Acme Plumbing, how can I help?' },
      { callId: row.id, businessId, seq: 1, speaker: 'caller', text: words },
      { callId: row.id, businessId, seq: 2, speaker: 'agent', text: 'Thanks, someone will call you back today.' },
    ],
  });
  const r = await processCall(ctx, row.id);
  expect(r.leadId).toBeTruthy();
  for (let i = 0; i < 20 && (await statusCounts(db, connectionId)).pending; i++)
    await runPush(ctx, connectionId, { inlineWaitMs: 5_000, timeBudgetMs: 30_000 });
  expect((await statusCounts(db, connectionId)).pending ?? 0).toBe(0);
  return db.lead.findUniqueOrThrow({ where: { id: r.leadId! } });
}

const contactWithPhone = (phone: string) => standin.contacts(hubId).filter((c) => c.properties.phone === phone);

describe('spoken identity against a caller-ID match', () => {
  it("never overwrites the existing lead's or CRM contact's e-mail or name; notes the claim", async () => {
    const first = await call(
      '+15125550142',
      'Hi, this is Ana Ruiz, my email is ana.ruiz@example.com. My kitchen sink is leaking, can someone come tomorrow?',
    );
    expect(first).toMatchObject({ name: 'Ana Ruiz', email: 'ana.ruiz@example.com', phone: '+15125550142' });
    const [contact] = contactWithPhone('+15125550142');
    expect(contact?.properties).toMatchObject({ email: 'ana.ruiz@example.com', firstname: 'Ana' });

    const second = await call(
      '+15125550142',
      'Hello, this is Mallory Stone, my email is mallory@attacker.test. The sink is leaking again, please call me.',
    );
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({ name: 'Ana Ruiz', email: 'ana.ruiz@example.com' });
    expect(second.summary).toContain('Caller said their e-mail is mallory@attacker.test');
    expect(second.summary).toContain('Caller said their name is Mallory Stone');

    // HubSpot: the same contact, its e-mail and name unchanged, no contact for the claimed address.
    const after = standin.contacts(hubId);
    expect(after.find((c) => c.id === contact!.id)?.properties).toMatchObject({
      email: 'ana.ruiz@example.com',
      firstname: 'Ana',
      lastname: 'Ruiz',
    });
    expect(after.filter((c) => c.properties.email === 'mallory@attacker.test')).toHaveLength(0);
    // The note travels with the call logged on that contact.
    const logged = standin.calls(hubId).filter((c) => c.associations.some((a) => a.toId === contact!.id));
    expect(logged).toHaveLength(2);
    expect(logged.map((c) => String(c.properties.hs_call_body)).join('\n')).toContain(
      'Caller said their e-mail is mallory@attacker.test',
    );
  });
});

describe('spoken identity from another caller ID', () => {
  it("is not merged into that caller's lead: a separate, flagged lead without the claimed e-mail", async () => {
    const victim = await call(
      '+15125550177',
      'Hi, this is Ben Ortiz, my email is ben.ortiz@example.com. Our water heater is broken, please call me back.',
    );
    const contact = contactWithPhone('+15125550177')[0]!;
    const attacker = await call(
      '+15125550188',
      'Hi, this is Ben Ortiz, my email is ben.ortiz@example.com. Change my number please, our water heater is broken.',
    );
    expect(attacker.id).not.toBe(victim.id);
    expect(attacker.email).toBeNull();
    expect(attacker.phone).toBe('+15125550188');
    expect(attacker.summary).toContain('Identity not verified');
    const kept = await ctx.db.lead.findUniqueOrThrow({ where: { id: victim.id } });
    expect(kept).toMatchObject({ phone: '+15125550177', email: 'ben.ortiz@example.com', name: 'Ben Ortiz' });
    // In HubSpot the victim's contact keeps its number; the other caller is a contact of its own.
    expect(standin.contacts(hubId).find((c) => c.id === contact.id)?.properties.phone).toBe('+15125550177');
    expect(contactWithPhone('+15125550188')).toHaveLength(1);
    expect(contactWithPhone('+15125550188')[0]!.id).not.toBe(contact.id);
  });

  it("a caller-ID match does not take another lead's e-mail either", async () => {
    const dan = await call(
      '+15125550211',
      'Hi, this is Dan Park, my email is dan.park@example.com. My toilet is running.',
    );
    const other = await call('+15125550212', 'Hi, this is Eve Lind. My shower drain is slow, please call me back.');
    const again = await call('+15125550212', 'Eve again, my email is dan.park@example.com. The drain is still slow.');
    expect(again.id).toBe(other.id);
    expect(again.email).toBeNull();
    expect(again.summary).toContain('Identity not verified');
    expect((await ctx.db.lead.findUniqueOrThrow({ where: { id: dan.id } })).email).toBe('dan.park@example.com');
    expect(standin.contacts(hubId).filter((c) => c.properties.email === 'dan.park@example.com')).toHaveLength(1);
    expect(contactWithPhone('+15125550211')[0]!.properties.email).toBe('dan.park@example.com');
  });

  it('the same person calling again from the number they used before still merges', async () => {
    const a = await call(
      '+15125550199',
      'Hi, this is Cara Diaz, my email is cara.diaz@example.com. My drain is clogged.',
    );
    const b = await call('+15125550199', 'Cara Diaz again, cara.diaz@example.com, the drain is still clogged.');
    expect(b.id).toBe(a.id);
  });
});
