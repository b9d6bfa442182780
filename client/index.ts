/**
 * A typed client for Leadline's API: openapi-fetch over the `paths` generated from the OpenAPI document
 * (`npm run api:client`). Every route, parameter, body and response is checked by the compiler against the
 * same zod declarations the server validates with. Knows nothing of the server's code.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths, webhooks } from './generated/leadline-api.ts';

export type { components, paths, webhooks };
export type LeadlineClient = Client<paths>;

export interface LeadlineClientOptions {
  /** Access token (JWT) or API key (ll_sk_…), sent as a bearer token. */
  token?: string;
  fetch?: typeof fetch;
}

export function createLeadlineClient(baseUrl: string, opts: LeadlineClientOptions = {}): LeadlineClient {
  return createClient<paths>({
    baseUrl,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
  });
}

/** The body of one webhook event as it arrives, by type. */
export type WebhookPayload<T extends keyof webhooks> =
  webhooks[T]['post']['requestBody']['content']['application/json'];
