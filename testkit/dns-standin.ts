/**
 * A DNS server on loopback (UDP) answering A and AAAA from a table, so tests can make a host name resolve
 * to any address — 169.254.169.254, 10.x, ::1 — and drive the service's real resolver at it
 * (`WEBHOOKS_DNS_SERVERS`). Answers can be changed while it runs (DNS rebinding).
 */
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';

export interface DnsStandin {
  /** `127.0.0.1:port`, for WEBHOOKS_DNS_SERVERS. */
  server: string;
  set(host: string, addresses: string[]): void;
  /** The first lookup of `host` (per record type) gets `first`, every later one `then`: a rebinding name. */
  rebind(host: string, first: string[], then: string[]): void;
  /** Questions asked, `host/A` or `host/AAAA`, in order. */
  asked: string[];
  stop(): Promise<void>;
}

function readName(msg: Buffer, at: number): [string, number] {
  const labels: string[] = [];
  while (msg[at]! !== 0) {
    const len = msg[at]!;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('ascii'));
    at += 1 + len;
  }
  return [labels.join('.').toLowerCase(), at + 1];
}

function ipv6Bytes(a: string): Buffer {
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  return out;
}

export async function startDnsStandin(): Promise<DnsStandin> {
  const table = new Map<string, string[]>();
  const rebinds = new Map<string, { first: string[]; then: string[]; seen: Set<number> }>();
  const asked: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const id = msg.readUInt16BE(0);
    const [name, end] = readName(msg, 12);
    const qtype = msg.readUInt16BE(end);
    asked.push(`${name}/${qtype === 28 ? 'AAAA' : qtype === 1 ? 'A' : qtype}`);
    const question = msg.subarray(12, end + 4);
    const r = rebinds.get(name);
    if (r) {
      table.set(name, r.seen.has(qtype) ? r.then : r.first);
      r.seen.add(qtype);
    }
    const known = table.get(name);
    const answers = (known ?? []).filter((a) => (qtype === 1 ? isIPv4(a) : qtype === 28 ? !isIPv4(a) : false));
    const header = Buffer.alloc(12);
    header.writeUInt16BE(id, 0);
    header.writeUInt16BE(0x8180 | (known ? 0 : 3), 2); // response, recursion available; NXDOMAIN if unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((a) => {
      const rdata = isIPv4(a) ? Buffer.from(a.split('.').map(Number)) : ipv6Bytes(a);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(0, 6); // TTL 0: every lookup asks again
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    socket.send(Buffer.concat([header, question, ...records]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    set: (host, addresses) => void table.set(host.toLowerCase(), addresses),
    rebind: (host, first, then) => void rebinds.set(host.toLowerCase(), { first, then, seen: new Set() }),
    asked,
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
