/**
 * Module hooks for test/connectors/lazy-sdks.test.ts (registered by testkit/sdk-probe.ts): every
 * resolved URL inside node_modules is posted to the main thread, which picks out the packages the connector
 * manifests name (`lazyPackages`). A `flush` message is answered after everything recorded before it, so
 * the probe reads a complete list.
 */

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
  if (result.url.includes('/node_modules/')) port.postMessage({ url: result.url });
  return result;
}
