/**
 * The campaign side of a live call (ports.ts `CampaignCallsPort`): the instructions for the campaign's
 * script, with the contact's fields quoted as untrusted data, and the opt-out tool's effect.
 */
import type { Db } from '../db/client.ts';
import type { CampaignCallsPort } from '../ports.ts';
import { addToDoNotCall } from './do-not-call.ts';
import { campaignInstructions } from './instructions.ts';

export function campaignCalls(db: Db): CampaignCallsPort {
  const dial = (id: string) =>
    db.campaignDial.findUnique({
      where: { id },
      include: {
        campaign: { include: { business: { select: { name: true } } } },
        target: { include: { contact: true } },
      },
    });
  const dialOf = async (callId: string) => {
    const call = await db.call.findUnique({ where: { id: callId }, select: { campaignDialId: true } });
    return call?.campaignDialId ? dial(call.campaignDialId) : null;
  };
  return {
    async session(dialId) {
      const d = await dial(dialId);
      if (!d) return null;
      const c = d.campaign;
      const k = d.target.contact;
      return {
        instructions: campaignInstructions({
          business: c.business.name,
          campaign: { name: c.name, goal: c.goal, script: c.script },
          contact: { name: k.name, company: k.company, notes: k.notes, fields: k.fields as Record<string, unknown> },
        }),
        greeting: c.greeting,
        voice: c.voice,
      };
    },
    async optOut(callId) {
      const d = await dialOf(callId);
      if (!d) return false;
      await db.$transaction(async (tx) => {
        await addToDoNotCall(tx, {
          businessId: d.campaign.businessId,
          phone: d.target.phone,
          source: 'call_opt_out',
          note: `asked during campaign "${d.campaign.name}"`,
        });
        await tx.campaignDial.update({ where: { id: d.id }, data: { outcome: 'opted_out' } });
        await tx.campaignTarget.update({ where: { id: d.targetId }, data: { state: 'done', outcome: 'opted_out' } });
      });
      return true;
    },
  };
}
