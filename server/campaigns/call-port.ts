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
      // What the opt-out writes, read from the call in one statement (the call names its dial).
      const [d] = await db.$queryRaw<
        { id: string; targetId: string; businessId: string; name: string; phone: string }[]
      >`
        select d."id", d."targetId", c."businessId", c."name", t."phone"
        from "Call" k join "CampaignDial" d on d."id" = k."campaignDialId"
        join "Campaign" c on c."id" = d."campaignId" join "CampaignTarget" t on t."id" = d."targetId"
        where k."id" = ${callId}::uuid`;
      if (!d) return false;
      await db.$transaction(async (tx) => {
        await addToDoNotCall(tx, {
          businessId: d.businessId,
          phone: d.phone,
          source: 'call_opt_out',
          note: `asked during campaign "${d.name}"`,
        });
        await tx.campaignDial.update({ where: { id: d.id }, data: { outcome: 'opted_out' } });
        await tx.campaignTarget.update({ where: { id: d.targetId }, data: { state: 'done', outcome: 'opted_out' } });
      });
      return true;
    },
  };
}
