import type Stripe from 'stripe';
import type { Config } from '../config.ts';

export type StripeClient = Stripe;

/** The Stripe SDK, loaded on first use and then the same client for the life of the process. */
export type LazyStripe = () => Promise<Stripe>;

/**
 * The Stripe SDK for this configuration, or null when billing is off (no STRIPE_SECRET_KEY: self-hosted,
 * minutes on the operator's ledger). Loaded on first use, like the CRM SDKs: a web node that never bills
 * does not pay for it. STRIPE_API_BASE_URL points it at a stand-in (tests) through host/port/protocol.
 * Built once per process by appContext(); reach it as `ctx.stripe`.
 */
export function createStripe(config: Config): LazyStripe | null {
  const key = config.STRIPE_SECRET_KEY;
  if (!key) return null;
  let client: Promise<Stripe> | undefined;
  return () =>
    (client ??= import('stripe').then(({ default: StripeSdk }) => {
      const base = config.STRIPE_API_BASE_URL ? new URL(config.STRIPE_API_BASE_URL) : null;
      return new StripeSdk(key, {
        // Retries carry the SDK's own idempotency keys, so a POST is never applied twice.
        maxNetworkRetries: 2,
        timeout: 20_000,
        appInfo: { name: 'Leadline' },
        ...(base
          ? {
              host: base.hostname,
              port: base.port || (base.protocol === 'https:' ? 443 : 80),
              protocol: base.protocol === 'https:' ? 'https' : 'http',
            }
          : {}),
      });
    }));
}

export const billingEnabled = (config: Config) => Boolean(config.STRIPE_SECRET_KEY);
