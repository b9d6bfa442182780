import { z } from 'zod';

/** What Google sends back, checked at the edge. */

/** google-auth-library's Credentials after a code exchange or refresh (expires_in already turned into expiry_date). */
export const credentialsSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expiry_date: z.number().nullish(),
  scope: z.string().nullish(),
  token_type: z.string().nullish(),
});

/**
 * google-auth-library's getTokenInfo() result: Google's tokeninfo answer with `scope` split into `scopes` and
 * `expires_in` turned into `expiry_date`, every other field as Google sent it. Google sends `email_verified`
 * (like `exp` and `expires_in`) as the string "true"/"false", so both spellings are accepted.
 */
export const tokenInfoSchema = z.looseObject({
  email: z.string().trim().nullish(),
  email_verified: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).nullish(),
  sub: z.string().min(1).nullish(),
  scopes: z.array(z.string()).default([]),
});

export const busySchema = z.object({ start: z.string(), end: z.string() });
export const freeBusySchema = z.looseObject({
  calendars: z.record(
    z.string(),
    z.looseObject({
      busy: z.array(busySchema).default([]),
      errors: z.array(z.looseObject({ domain: z.string().optional(), reason: z.string().optional() })).optional(),
    }),
  ),
});

/** Calendar API error body: { error: { code, message, errors: [{ domain, reason, message }], status } }. */
export const apiErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z
      .array(
        z.looseObject({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() }),
      )
      .optional(),
  }),
});
