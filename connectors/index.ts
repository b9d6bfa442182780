/**
 * The connector registry: the built-in manifests. Adding a CRM = a folder beside this file with a manifest
 * (connectors/manifest.ts), listed below; an integrator can pass more to loadConfig without editing either.
 * Only providers whose OAuth client id and secret are configured get a Connector, so an unconfigured
 * provider simply does not exist for the routes and the sync jobs.
 */
import { googleCalendarManifest } from './google-calendar/manifest.ts';
import { hubspotManifest } from './hubspot/manifest.ts';
import type { ConnectorManifest } from './manifest.ts';
import { salesforceManifest } from './salesforce/manifest.ts';
import type { Connector } from './types.ts';

export const BUILT_IN_MANIFESTS = [hubspotManifest, salesforceManifest, googleCalendarManifest] as const;

/** The built-in provider ids, derived from the list. */
export type BuiltInProvider = (typeof BUILT_IN_MANIFESTS)[number]['provider'];

/** Every environment variable a manifest declares. */
export const envNamesOf = (manifests: readonly ConnectorManifest[]): string[] =>
  manifests.flatMap((m) => Object.keys(m.env));

/**
 * Checks a list of manifests can live together: unique provider ids, no environment variable declared
 * twice (or by Leadline itself: `reserved`), credentials among the declared variables.
 */
export function checkManifests(manifests: readonly ConnectorManifest[], reserved: readonly string[] = []): void {
  const providers = new Set<string>();
  const names = new Set(reserved);
  for (const m of manifests) {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(m.provider))
      throw new Error(`connector id "${m.provider}": lowercase letters, digits and dashes, at most 40`);
    if (providers.has(m.provider)) throw new Error(`connector "${m.provider}" is registered twice`);
    providers.add(m.provider);
    for (const n of Object.keys(m.env)) {
      if (names.has(n)) throw new Error(`connector "${m.provider}": environment variable ${n} is already declared`);
      names.add(n);
    }
    for (const n of [m.credentials.clientId, m.credentials.clientSecret]) {
      if (!(n in m.env))
        throw new Error(`connector "${m.provider}": credential ${n} is not among its environment variables`);
    }
  }
}

/**
 * The configured connectors: every manifest whose OAuth client id and secret are set in `env` (the parsed
 * configuration, which holds each manifest's variables by name).
 */
export function createConnectors(manifests: readonly ConnectorManifest[], config: object): Map<string, Connector> {
  const env = config as Readonly<Record<string, unknown>>;
  const out = new Map<string, Connector>();
  for (const m of manifests) {
    const clientId = env[m.credentials.clientId];
    const clientSecret = env[m.credentials.clientSecret];
    if (typeof clientId !== 'string' || typeof clientSecret !== 'string' || !clientId || !clientSecret) continue;
    const own = Object.fromEntries(Object.keys(m.env).map((k) => [k, env[k]]));
    const connector = m.create(own, { clientId, clientSecret });
    if (connector.provider !== m.provider)
      throw new Error(`connector "${m.provider}" built a connector for "${connector.provider}"`);
    out.set(m.provider, connector);
  }
  return out;
}

export type { BucketLimit, Capability, ConnectorManifest, OutcomeIds } from './manifest.ts';
