/**
 * The JSON answers of an install, attached (installView) or held for its owner (pendingOut), with their schemas
 * as the OpenAPI document states them.
 */
import { z } from 'zod';
import type { InstallResult } from './install.ts';

/** installView() as the OpenAPI document states it. */
export const installOut = z.object({
  connection: z.object({
    id: z.string(),
    provider: z.string(),
    status: z.enum(['active', 'needs_reauth', 'disconnected']),
    externalAccountId: z.string(),
    externalName: z.string().nullable(),
    scopes: z.array(z.string()),
  }),
  business: z.object({ id: z.string(), name: z.string() }),
  createdAccount: z.boolean(),
  createdBusiness: z.boolean(),
  setupEmailedTo: z.string().nullable(),
  resumed: z.number().int(),
  backfilled: z.number().int(),
});
/** A marketplace install held for the matching account's owner (the callback's 202). */
export const pendingOut = z.object({
  status: z.literal('pending_confirmation'),
  provider: z.string(),
  confirmationEmailedTo: z.string(),
});

/** The JSON answer for an attached install. */
export function installView(r: InstallResult) {
  return {
    connection: {
      id: r.connection.id,
      provider: r.connection.provider,
      status: r.connection.status,
      externalAccountId: r.connection.externalAccountId,
      externalName: r.connection.externalName,
      scopes: r.connection.scopes,
    },
    business: r.business,
    createdAccount: r.createdAccount,
    createdBusiness: r.createdBusiness,
    setupEmailedTo: r.setupEmailedTo,
    resumed: r.resumed,
    backfilled: r.backfilled,
  };
}
