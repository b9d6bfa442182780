import type { Capability, ConnectorManifest } from '../../connectors/manifest.ts';
import type { Connector, Provider } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/problem.ts';

// The registry itself is ctx.connectors, built once per process by appContext() (server/runtime.ts).

/**
 * A long-running worker loads the configured connectors' SDKs at start, in the background, so its first
 * push does not wait for the import. Web nodes and one-off commands never call this.
 */
export function warmUpConnectors(ctx: AppContext): void {
  for (const connector of ctx.connectors.values()) {
    connector
      .warmUp?.()
      .catch((err: unknown) =>
        ctx.log.warn(
          { provider: connector.provider, err: String(err) },
          'connector warm-up failed; it loads on first use',
        ),
      );
  }
}

export function findConnector(ctx: AppContext, provider: string): Connector | null {
  return ctx.connectors.get(provider as Provider) ?? null;
}

/** For routes: an unknown or unconfigured provider is a 404. */
export function requireConnector(ctx: AppContext, provider: string): Connector {
  const c = findConnector(ctx, provider);
  if (!c) throw notFound(`Provider ${provider} (or its OAuth client is not configured)`);
  return c;
}

/** The manifest of a registered provider (configured or not): its limits, settings and outcome keys. */
export function findManifest(ctx: AppContext, provider: string): ConnectorManifest | null {
  return ctx.config.connectors.find((m) => m.provider === provider) ?? null;
}

/** Providers registered with a capability, in registration order. */
export function providersWith(ctx: AppContext, capability: Capability): string[] {
  return ctx.config.connectors.filter((m) => m.capabilities.includes(capability)).map((m) => m.provider);
}
