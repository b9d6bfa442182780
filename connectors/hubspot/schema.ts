/**
 * Shapes HubSpot sends us and the per-connection settings we accept, validated at the edge so the rest of
 * the connector works with known types.
 */
import { z } from 'zod';

/** HubSpot internal property names: lowercase letters, digits, underscores. '' switches a field off. */
export const hubspotPropertyName = z.string().regex(/^([a-z][a-z0-9_]*)?$/, 'not a HubSpot property name');

export const hubspotSettingsSchema = z.object({
  fieldMapping: z.record(z.string(), hubspotPropertyName).optional(),
});
export type HubspotSettings = z.infer<typeof hubspotSettingsSchema>;

/** POST /oauth/v1/token as the SDK deserializes it (TokenResponseIF). */
export const tokenResponseSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional().nullable(),
  expiresIn: z.number().int().positive(),
});

/** GET /oauth/v1/access-tokens/:token as the SDK deserializes it (AccessTokenInfoResponse). */
export const accessTokenInfoSchema = z.object({
  hubId: z.number().int(),
  user: z.string().optional().nullable(),
  hubDomain: z.string().optional().nullable(),
  scopes: z.array(z.string()).default([]),
  expiresIn: z.number().optional(),
});

/**
 * Error bodies. The CRM APIs answer `{ status: 'error', message, category, correlationId, errors?, context? }`;
 * rate limits add `errorType: 'RATE_LIMIT'` and `policyName` (TEN_SECONDLY_ROLLING, SECONDLY, DAILY);
 * the OAuth endpoints put a code in `status` (BAD_REFRESH_TOKEN, BAD_AUTH_CODE, ...).
 */
export const hubspotErrorBodySchema = z
  .object({
    status: z.string().optional(),
    message: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.unknown().optional(),
    errorType: z.string().optional(),
    policyName: z.string().optional(),
    correlationId: z.string().optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
    errors: z.array(z.object({ message: z.string().optional(), code: z.string().optional() }).loose()).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type HubspotErrorBody = z.infer<typeof hubspotErrorBodySchema>;

/** One entry of `errors` in a 207 multi-status batch answer. */
export const batchErrorSchema = z
  .object({
    status: z.string().optional(),
    category: z.string().optional(),
    message: z.string().optional(),
    context: z.record(z.string(), z.array(z.string())).optional(),
  })
  .loose();
export type HubspotBatchError = z.infer<typeof batchErrorSchema>;
