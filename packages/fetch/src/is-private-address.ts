import { isIPv4, isIPv6 } from 'node:net';

/** IPv4 ranges a crawler must never connect to: [network, prefix length]. */
const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, home of cloud metadata endpoints
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

const BLOCKED_V4_MASKS = BLOCKED_V4.map(([net, bits]) => ({ net: v4ToInt(net), size: 2 ** (32 - bits) }));

function isBlockedV4(value: number): boolean {
  return BLOCKED_V4_MASKS.some(({ net, size }) => value >= net && value < net + size);
}

/** Expands an IPv6 literal into its eight 16-bit groups (a trailing dotted quad becomes two groups). */
function v6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    const v4 = v4ToInt(quad[1]);
    text = `${text.slice(0, -quad[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const zeros = new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0);
  return [...left, ...zeros, ...right];
}

function isBlockedV6(g: number[]): boolean {
  const [a = 0, b = 0, , , , f = 0, gg = 0, h = 0] = g;
  const embeddedV4 = (gg * 65536 + h) >>> 0;
  const firstFive = g.slice(0, 5).every((x) => x === 0);
  if (firstFive && f === 0xffff) return isBlockedV4(embeddedV4); // IPv4-mapped ::ffff:a.b.c.d
  if (firstFive && f === 0) {
    // :: and ::1, then the deprecated IPv4-compatible form ::a.b.c.d
    if (gg === 0 && h <= 1) return true;
    return isBlockedV4(embeddedV4);
  }
  if (a === 0x64 && b === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isBlockedV4(embeddedV4); // NAT64
  if (a === 0x2002) return isBlockedV4((b * 65536 + (g[2] ?? 0)) >>> 0); // 6to4 wraps an IPv4 address
  if (a === 0x100 && g.slice(1, 4).every((x) => x === 0)) return true; // discard-only 100::/64
  if (a === 0x2001 && b === 0xdb8) return true; // documentation
  if ((a & 0xfe00) === 0xfc00) return true; // unique local fc00::/7
  if ((a & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((a & 0xffc0) === 0xfec0) return true; // deprecated site-local fec0::/10
  if ((a & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/**
 * True when `ip` is an address a fetcher must not reach from the open web: loopback, private,
 * link-local, CGNAT, multicast, reserved or documentation ranges, in IPv4 or IPv6 (including
 * IPv4-mapped, NAT64 and 6to4 forms of those). Anything that is not an IP literal also counts
 * as private, so a caller that passes garbage fails closed.
 */
export function isPrivateAddress(ip: string): boolean {
  const text = ip.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIPv4(text)) return isBlockedV4(v4ToInt(text));
  if (isIPv6(text)) return isBlockedV6(v6Groups(text));
  return true;
}
