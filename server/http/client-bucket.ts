import { isIPv6 } from 'node:net';

/**
 * The rate-limit bucket of a client address. An IPv6 host usually holds a whole /64 (2^64 addresses to
 * rotate through for free), so IPv6 is counted per /64; IPv4 (and IPv4-mapped IPv6) per address.
 */
export function clientBucket(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('%')[0]!.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The client address as Express computes it with `trust proxy` = `hops` (a number): the entry that many hops
 * back in X-Forwarded-For, the socket's peer when there are no proxies. For code that serves a socket
 * without Express (the widget streams).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, hops: number) {
  const chain = [
    ...(Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    peer ?? '',
  ];
  return chain[Math.max(0, chain.length - 1 - hops)] || undefined;
}
