/**
 * A person's history with a business, written as the call pipeline and the widget write it but dated in
 * the past: a lead, an answered call with transcript, consent and (optionally) a recording at the Twilio
 * stand-in, a widget callback request with its IP, an SMS opt-in. For retention, export and erasure tests.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../server/db/client.ts';
import type { TwilioRestStandin } from './twilio-rest-standin.ts';

export interface SeededPerson {
  leadId: string;
  callId: string;
  callSid: string;
  recordingSid: string | null;
  callbackId: string;
}

export async function seedPerson(
  db: Db,
  businessId: string,
  p: {
    phone: string;
    email?: string | null;
    name?: string;
    daysAgo: number;
    twilio?: TwilioRestStandin;
    segments?: number;
    hold?: boolean;
  },
): Promise<SeededPerson> {
  const at = new Date(Date.now() - p.daysAgo * 86_400_000);
  const callSid = `CA${randomUUID().replace(/-/g, '')}`;
  const recordingSid = p.twilio ? p.twilio.addRecording(callSid) : null;
  return db.$transaction(async (tx) => {
    const lead = await tx.lead.create({
      data: {
        businessId,
        name: p.name ?? 'Dana Whitfield',
        phone: p.phone,
        email: p.email ?? null,
        reason: 'Water heater leaking',
        summary: `${p.name ?? 'Dana'} says the water heater at 12 Elm St is leaking.`,
        temperature: 'Hot',
        urgency: 'high',
        createdAt: at,
      },
    });
    const call = await tx.call.create({
      data: {
        businessId,
        twilioCallSid: callSid,
        direction: 'inbound',
        from: p.phone,
        to: '+15125550100',
        status: 'completed',
        startedAt: at,
        answeredAt: at,
        endedAt: new Date(at.getTime() + 95_000),
        durationSeconds: 95,
        leadId: lead.id,
        processedAt: at,
        recordingSid,
        recordingStatus: recordingSid ? 'completed' : null,
        recordingSeconds: recordingSid ? 90 : null,
        legalHold: p.hold ?? false,
      },
    });
    await tx.consentRecord.create({
      data: {
        callId: call.id,
        businessId,
        outcome: 'granted',
        promptText: 'This call may be recorded. OK?',
        askedAt: at,
      },
    });
    const n = p.segments ?? 2;
    await tx.transcriptSegment.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        callId: call.id,
        businessId,
        seq: i,
        speaker: i % 2 ? ('caller' as const) : ('agent' as const),
        text: i % 2 ? `My number is ${p.phone}, the heater is leaking.` : 'Thanks for calling, how can I help?',
        at,
      })),
    });
    const cb = await tx.callbackRequest.create({
      data: {
        businessId,
        name: p.name ?? 'Dana Whitfield',
        phone: p.phone,
        reason: 'call me back',
        consentCall: true,
        consentSms: true,
        status: 'completed',
        tokenHash: randomUUID(),
        origin: 'https://rapidrooter.example',
        ip: '203.0.113.9',
        createdAt: at,
      },
    });
    await tx.callbackEvent.create({ data: { callbackRequestId: cb.id, status: 'completed', createdAt: at } });
    await tx.smsConsentRecord.create({
      data: {
        businessId,
        phone: p.phone,
        event: 'opt_in',
        source: 'web_form',
        wording: 'Text me updates',
        createdAt: at,
      },
    });
    return { leadId: lead.id, callId: call.id, callSid, recordingSid, callbackId: cb.id };
  });
}
