import { z } from 'zod';

/**
 * Shapes of what Salesforce sends back, checked at the edge so a surprise (an HTML error page, a missing
 * field) becomes a classified error instead of an `undefined` deep inside the mapping.
 */

/** OAuth 2.0 web server flow token response (also the refresh response, which omits refresh_token). */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.string().url(),
  /** Identity URL, https://login.salesforce.com/id/<orgId>/<userId> */
  id: z.string().url(),
  /** Milliseconds since the epoch, as a string. */
  issued_at: z.string().regex(/^\d+$/).optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
  signature: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Identity service response (GET on the identity URL, format=json). Only what we use. */
export const identitySchema = z.object({
  organization_id: z.string().min(1),
  user_id: z.string().min(1),
  email: z.string().nullable().optional(),
  username: z.string().nullable().optional(),
  display_name: z.string().nullable().optional(),
  timezone: z.string().nullable().optional(),
});
export type Identity = z.infer<typeof identitySchema>;

/** One row of our matching SOQL query. */
export const matchRowSchema = z.object({
  Id: z.string().min(15),
  Email: z.string().nullable().optional(),
  Phone: z.string().nullable().optional(),
  MobilePhone: z.string().nullable().optional(),
});
export type MatchRow = z.infer<typeof matchRowSchema>;

/** SaveResult as returned by sObject Collections (one per record, same order). */
export const saveErrorSchema = z.looseObject({
  statusCode: z.string().optional(),
  errorCode: z.string().optional(),
  message: z.string().optional().default(''),
  fields: z.array(z.string()).optional(),
});
export const saveResultSchema = z.looseObject({
  id: z.string().nullable().optional(),
  success: z.boolean(),
  errors: z.array(saveErrorSchema).default([]),
});
export type SaveResult = z.infer<typeof saveResultSchema>;
export type SaveError = z.infer<typeof saveErrorSchema>;

/** Lead describe → the fields a mapping override may target. */
export const describeFieldSchema = z.looseObject({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  createable: z.boolean().optional(),
  updateable: z.boolean().optional(),
});
export const describeSchema = z.looseObject({ fields: z.array(describeFieldSchema) });
