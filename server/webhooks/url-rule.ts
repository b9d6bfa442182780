import { isIP } from 'node:net';
import { classifyAddress } from './address-policy.ts';

export interface UrlRuleOptions {
  /** NODE_ENV: https is required outside development and tests. */
  env: 'development' | 'test' | 'production';
  allowLoopback: boolean;
}

/**
 * What an endpoint URL must be when it is saved: https (http only in development and tests), no
 * credentials, no fragment, and — if the host is an IP literal — an address a webhook may go to. Host
 * names are checked again at every send, against what they resolve to then (send.ts).
 * Returns the problem, or null.
 */
export function endpointUrlProblem(raw: string, o: UrlRuleOptions): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && o.env !== 'production'))
    return o.env === 'production' ? 'must use https' : 'must use https (or http outside production)';
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const v = classifyAddress(host);
    if (v === 'blocked' || (v === 'loopback' && !o.allowLoopback))
      return `must not point at a ${v === 'loopback' ? 'loopback' : 'private, link-local or reserved'} address`;
  } else if (!host.includes('.') && !(o.allowLoopback && host === 'localhost')) {
    return 'must name a public host';
  }
  return null;
}
