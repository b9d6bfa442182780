import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a webhook may be sent to: public unicast only. Private, loopback, link-local (cloud
 * metadata lives at 169.254.169.254 and fd00:ec2::254), carrier-grade NAT (Alibaba's metadata is at
 * 100.100.100.200), multicast, reserved and documentation ranges are refused, and so are IPv6 forms that
 * embed an IPv4 address (mapped, NAT64, 6to4) when the embedded one is refused. Pure: no DNS here.
 */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, 64:ff9b::/96, 2002::/16), if any. */
export function embeddedIpv4(v6: string): string | null {
  const groups = expandIpv6(v6);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  if (zeros(0, 6) && (groups[6]! !== 0 || groups[7]! > 1)) return v4(groups[6]!, groups[7]!); // ::a.b.c.d (deprecated)
  return null;
}

function expandIpv6(addr: string): number[] | null {
  let a = addr.toLowerCase().split('%')[0]!;
  const dotted = a.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const p = dotted[1]!.split('.').map(Number);
    a =
      a.slice(0, -dotted[1]!.length) + `${((p[0]! << 8) | p[1]!).toString(16)}:${((p[2]! << 8) | p[3]!).toString(16)}`;
  }
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const all = [...h, ...Array(Math.max(0, fill)).fill('0'), ...t];
  if (all.length !== 8) return null;
  return all.map((g) => Number.parseInt(g, 16));
}

export type AddressVerdict = 'public' | 'loopback' | 'blocked';

export function classifyAddress(ip: string): AddressVerdict {
  const family = isIP(ip);
  if (family === 0) return 'blocked';
  if (family === 6) {
    const v4 = embeddedIpv4(ip);
    if (v4) return classifyAddress(v4) === 'public' ? 'public' : 'blocked';
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(ip, type)) return 'loopback';
  return blocked.check(ip, type) ? 'blocked' : 'public';
}

/** Whether a request may go to this address; loopback only when the deployment allows it (dev, tests). */
export const mayConnect = (ip: string, allowLoopback: boolean) => {
  const v = classifyAddress(ip);
  return v === 'public' || (v === 'loopback' && allowLoopback);
};
