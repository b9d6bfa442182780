import type { AppContext } from '../context.ts';
import { recordingPageUrl, recordingPlayable } from '../calls/recording-link.ts';
import { sendSmsChecked } from '../calls/sms-consent.ts';

/** Inbound SMS keywords live with the consent records (calls/sms-consent.ts). */
export { smsKeyword } from '../calls/sms-consent.ts';

export function leadEmail(p: {
  businessName: string;
  lead: Record<string, unknown>;
  transcriptLink: string;
  recordingLink: string | null;
  transcript: { speaker: string; text: string }[];
}) {
  const l = p.lead as {
    name?: string | null;
    phone?: string | null;
    email?: string | null;
    temperature?: string | null;
    urgency?: string | null;
    service?: string | null;
    preferredTime?: string | null;
    address?: string | null;
    summary?: string;
  };
  const line = (label: string, v: unknown) => (v ? `${label}: ${v}\n` : '');
  const subject = `${l.temperature ?? 'New'} lead for ${p.businessName}: ${l.name ?? l.phone ?? 'unknown caller'}`;
  const text =
    `${l.summary ?? ''}\n\n` +
    line('Name', l.name) +
    line('Phone', l.phone) +
    line('E-mail', l.email) +
    line('Service', l.service) +
    line('Urgency', l.urgency) +
    line('Temperature', l.temperature) +
    line('Preferred time', l.preferredTime) +
    line('Address', l.address) +
    `\nTranscript: ${p.transcriptLink}\n` +
    (p.recordingLink ? `Recording (sign in to listen): ${p.recordingLink}\n` : '') +
    `\n${p.transcript.map((t) => `${t.speaker === 'agent' ? 'Assistant' : 'Caller'}: ${t.text}`).join('\n')}\n`;
  return { subject, text };
}

/**
 * `lead.notify`: an e-mail summary to the business's owners, and an SMS alert for Hot leads to members who
 * opted in (never to a number that texted STOP).
 */
export async function notifyLead(
  ctx: AppContext,
  p: { leadId: string; callId: string | null },
): Promise<{ emails: number; sms: number }> {
  const lead = await ctx.db.lead.findUnique({
    where: { id: p.leadId },
    include: {
      business: {
        include: { memberships: { include: { account: true } }, numbers: { take: 1, orderBy: { createdAt: 'asc' } } },
      },
    },
  });
  if (!lead) return { emails: 0, sms: 0 };
  const call = p.callId
    ? await ctx.db.call.findUnique({
        where: { id: p.callId },
        include: { consent: true, segments: { orderBy: { seq: 'asc' } } },
      })
    : null;
  const base = ctx.config.PUBLIC_BASE_URL;
  const recordingLink = call && recordingPlayable(call) ? recordingPageUrl(base, call.id) : null;
  const mail = leadEmail({
    businessName: lead.business.name,
    lead,
    // The console's call page: a click logs in (if needed) and lands there.
    transcriptLink: call ? `${base}/app/calls/${call.id}` : `${base}/app/inbox`,
    recordingLink,
    transcript: call?.segments ?? [],
  });
  const owners = lead.business.memberships.filter((m) => m.role === 'owner');
  for (const o of owners) await ctx.mailer.send({ to: o.account.email, ...mail });

  let sms = 0;
  const from = lead.business.numbers[0]?.e164;
  if (lead.temperature === 'Hot' && ctx.telephony && from) {
    const targets = lead.business.memberships
      .filter((m) => m.account.smsOptIn && m.account.smsPhone)
      .map((m) => m.account.smsPhone!);
    const body = `Hot lead: ${lead.name ?? lead.phone ?? 'caller'}${lead.service ? ` — ${lead.service}` : ''}. ${lead.phone ? `Call back: ${lead.phone}. ` : ''}Reply STOP to opt out.`;
    // sendSmsChecked refuses a number that texted STOP (or that was erased after opting out).
    for (const to of targets) if (await sendSmsChecked(ctx, { from, to, body: body.slice(0, 300) })) sms++;
  }
  return { emails: owners.length, sms };
}
