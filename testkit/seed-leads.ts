/** Database fixtures for sync tests and the bench: a business with a HubSpot connection and leads with calls. */
import { randomInt, randomUUID } from 'node:crypto';
import type { AppContext } from '../server/context.ts';
import { createBusiness } from '../server/businesses/service.ts';
import { encryptSecret } from '../server/crypto/secrets.ts';
import type { Db } from '../server/db/client.ts';
import { connectionSlot } from '../server/sync/grants.ts';
import { enqueueLeadSync } from '../server/sync/outbox.ts';

export const freshHubId = () => randomInt(100_000, 2_000_000_000);

export async function hubspotConnection(
  ctx: Pick<AppContext, 'db' | 'config'>,
  p: { hubId: number; token: string; refreshToken?: string; businessId?: string; ownerAccountId?: string },
) {
  const businessId =
    p.businessId ??
    (
      await createBusiness(ctx.db, {
        name: `Biz ${p.hubId}`,
        ...(p.ownerAccountId ? { ownerAccountId: p.ownerAccountId } : {}),
      })
    ).id;
  const id = randomUUID(); // tokens are sealed for their row
  const conn = await ctx.db.connection.create({
    data: {
      id,
      businessId,
      provider: 'hubspot',
      externalAccountId: String(p.hubId),
      externalName: `standin-${p.hubId}.com`,
      scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
      accessTokenEnc: encryptSecret(ctx.config, p.token, connectionSlot(id, 'accessToken')),
      refreshTokenEnc: encryptSecret(
        ctx.config,
        p.refreshToken ?? `refresh-${p.hubId}`,
        connectionSlot(id, 'refreshToken'),
      ),
      tokenKeyId: ctx.config.currentKeyId,
      expiresAt: new Date(Date.now() + 3600_000),
      status: 'active',
    },
  });
  return { businessId, conn };
}

export interface LeadSpec {
  email: string | null;
  phone: string | null;
  name?: string;
  withCall?: boolean;
}

/** i-th lead of a run: even → e-mail + phone, odd → phone-only; phones and e-mails unique per tag. */
export function leadSpec(tag: string, i: number): LeadSpec {
  const phone = `+1555${String(i).padStart(7, '0')}`;
  return i % 2 === 0
    ? { email: `lead${i}-${tag}@example.com`, phone, name: `Lead ${i}` }
    : { email: null, phone, name: `Caller ${i}` };
}

/**
 * Writes leads (+ a completed call with a short transcript each) the way the call pipeline does: the lead,
 * its call and enqueueLeadSync in one transaction per lead.
 */
export async function writeLeads(
  db: Db,
  businessId: string,
  specs: LeadSpec[],
  opts: { concurrency?: number } = {},
): Promise<{ leadId: string; callId: string | null }[]> {
  const out: { leadId: string; callId: string | null }[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= specs.length) return;
      out[i] = await writeLead(db, businessId, specs[i]!);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
  return out;
}

export async function writeLead(
  db: Db,
  businessId: string,
  s: LeadSpec,
): Promise<{ leadId: string; callId: string | null }> {
  return db.$transaction(async (tx) => {
    const lead = await tx.lead.create({
      data: {
        businessId,
        name: s.name ?? null,
        email: s.email,
        phone: s.phone,
        reason: 'Leaking pipe',
        summary: `${s.name ?? 'Caller'} has a leaking pipe.`,
        temperature: 'Warm',
        urgency: 'normal',
      },
    });
    let callId: string | null = null;
    if (s.withCall !== false) {
      const started = new Date(Date.now() - 120_000);
      const call = await tx.call.create({
        data: {
          businessId,
          twilioCallSid: `CA${randomUUID().replace(/-/g, '')}`,
          direction: 'inbound',
          from: s.phone,
          to: '+15550000000',
          status: 'completed',
          startedAt: started,
          answeredAt: started,
          endedAt: new Date(),
          durationSeconds: 95,
          leadId: lead.id,
          processedAt: new Date(),
        },
      });
      await tx.transcriptSegment.createMany({
        data: [
          { callId: call.id, businessId, seq: 0, speaker: 'agent', text: 'Thanks for calling, how can I help?' },
          { callId: call.id, businessId, seq: 1, speaker: 'caller', text: 'My kitchen pipe is leaking.' },
        ],
      });
      callId = call.id;
    }
    await enqueueLeadSync(tx, { businessId, leadId: lead.id, callId });
    return { leadId: lead.id, callId };
  });
}

export async function statusCounts(db: Db, connectionId: string, kind = 'lead') {
  const rows = await db.syncRecord.groupBy({ by: ['status'], where: { connectionId, kind }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<
    Record<'pending' | 'synced' | 'failed' | 'parked', number>
  >;
}
