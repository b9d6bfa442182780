/**
 * Module hooks for test/connectors/lazy-sdks.test.ts (registered by test/support/sdk-probe.ts): every
 * resolved URL inside one of the CRM/calendar SDK packages is posted to the main thread. A `flush` message
 * is answered after everything recorded before it, so the probe reads a complete list.
 */
const SDK_PATHS = ['/node_modules/jsforce/', '/node_modules/@hubspot/api-client/', '/node_modules/@googleapis/calendar/', '/node_modules/google-auth-library/'];

let port;

export function initialize(data) {
  port = data.port;
  port.on('message', (m) => {
    if (m === 'flush') port.postMessage({ flushed: true });
  });
  port.unref();
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (SDK_PATHS.some((p) => result.url.includes(p))) port.postMessage({ url: result.url });
  return result;
}
