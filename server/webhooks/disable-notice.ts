import type { AppContext } from '../context.ts';
import { audit } from '../auth/audit.ts';

/** E-mails the business's owners and admins that an endpoint was switched off, and what to do about it. */
export async function notifyEndpointDisabled(ctx: AppContext, endpointId: string): Promise<void> {
  const ep = await ctx.db.webhookEndpoint.findUnique({
    where: { id: endpointId },
    include: {
      business: {
        include: { memberships: { where: { role: { in: ['owner', 'admin'] } }, include: { account: true } } },
      },
    },
  });
  if (!ep) return;
  const b = ep.business;
  for (const m of b.memberships) {
    await ctx.mailer
      .send({
        to: m.account.email,
        subject: `Webhook endpoint disabled for ${b.name}`,
        text:
          `Leadline stopped sending events to ${ep.url} (${b.name}): ${ep.disabledReason ?? 'deliveries kept failing'}.\n\n` +
          `Events that could not be delivered are in the endpoint's delivery log. Fix the receiver, then enable the ` +
          `endpoint again (PATCH /api/v1/businesses/${b.id}/webhooks/${ep.id} with {"enabled": true}) and redeliver ` +
          `what it missed.`,
      })
      .catch((err) => ctx.log.warn({ err, endpointId }, 'webhook disable notice not sent'));
  }
  await audit(ctx.db, { action: 'webhook.disabled', businessId: b.id, target: ep.id, meta: { url: ep.url } });
}
