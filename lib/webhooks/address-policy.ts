// Which webhook URLs the server may call (SSRF guard). Checked when the URL is saved and again before
// every attempt, after resolving the host name: the delivery then connects to exactly the address
// that was checked, so a DNS answer that changes between check and connect (rebinding) cannot
// redirect it. Refused: schemes other than http(s), user names or passwords in the URL, ports below
// 1024 other than 80 and 443, and any address that is not public unicast (loopback, RFC 1918,
// CGNAT, link-local, unique-local, unspecified, multicast, reserved, documentation ranges, and the
// IPv6 forms that carry such an IPv4 address). QF_WEBHOOKS_ALLOW_PRIVATE=1 lifts the address rule
// (local development and tests reach a receiver on this machine); the other rules stay.
import { lookup } from 'node:dns/promises';
import { isIP, isIPv4 } from 'node:net';

export class WebhookUrlError extends Error {
  /** True when trying again later may help (the name did not resolve), false for a refusal. */
  readonly transient: boolean;
  constructor(message: string, transient = false) {
    super(message);
    this.name = 'WebhookUrlError';
    this.transient = transient;
  }
}

type Range = readonly [prefix: number[], bits: number, what: string];

// IPv4 ranges that are not public unicast (IANA special-purpose registry), as byte prefixes.
const IPV4_BLOCKED: readonly Range[] = [
  [[0], 8, 'an unspecified ("this network") address'],
  [[10], 8, 'a private address'],
  [[100, 64], 10, 'a shared (carrier-grade NAT) address'],
  [[127], 8, 'a loopback address'],
  [[169, 254], 16, 'a link-local address'],
  [[172, 16], 12, 'a private address'],
  [[192, 0, 0], 24, 'a reserved address'],
  [[192, 0, 2], 24, 'a documentation address'],
  [[192, 88, 99], 24, 'a reserved address'],
  [[192, 168], 16, 'a private address'],
  [[198, 18], 15, 'a benchmarking address'],
  [[198, 51, 100], 24, 'a documentation address'],
  [[203, 0, 113], 24, 'a documentation address'],
  [[224], 4, 'a multicast address'],
  [[240], 4, 'a reserved address'],
];

const IPV6_BLOCKED: readonly Range[] = [
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'a discard-only address'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'a documentation address'],
  [[0xfc], 7, 'a unique-local (private) address'],
  [[0xfe, 0x80], 10, 'a link-local address'],
  [[0xfe, 0xc0], 10, 'a site-local address'],
  [[0xff], 8, 'a multicast address'],
];

function inRange(bytes: readonly number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i / 8] ?? 0) & mask) !== ((prefix[i / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** The 16 bytes of an IPv6 address in text form (with `::` and an optional dotted IPv4 tail). */
export function ipv6Bytes(text: string): number[] {
  const address = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  let groups: string[];
  const [head, tail, ...rest] = address.split('::');
  if (rest.length > 0) throw new Error(`not an IPv6 address: ${text}`);
  const parts = (s: string | undefined) => (s ? s.split(':') : []);
  const expand = (list: string[]) =>
    list.flatMap((g) => {
      if (!isIPv4(g)) return [g];
      const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  if (tail === undefined) groups = expand(parts(head));
  else {
    const left = expand(parts(head));
    const right = expand(parts(tail));
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  }
  if (groups.length !== 8) throw new Error(`not an IPv6 address: ${text}`);
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function describeIpv4(bytes: readonly number[]): string | null {
  if (bytes.every((b) => b === 255)) return 'a broadcast address';
  return IPV4_BLOCKED.find((range) => inRange(bytes, range))?.[2] ?? null;
}

/**
 * Why this address may not be called (in words, e.g. "a loopback address"), or null for a public
 * unicast address. IPv6 forms that embed an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address.
 */
export function blockedAddressReason(address: string): string | null {
  const family = isIP(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  if (family === 4) return describeIpv4(address.split('.').map(Number));
  if (family !== 6) return 'not an IP address';
  const b = ipv6Bytes(address);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return 'an unspecified address';
  if (zeros(0, 15) && b[15] === 1) return 'a loopback address';
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return describeIpv4(b.slice(12));
  if (zeros(0, 12)) return describeIpv4(b.slice(12)) ?? 'a deprecated IPv4-compatible address';
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return describeIpv4(b.slice(12));
  if (b[0] === 0x20 && b[1] === 0x02) return describeIpv4(b.slice(2, 6));
  return IPV6_BLOCKED.find((range) => inRange(b, range))?.[2] ?? null;
}

export function allowPrivateAddresses(): boolean {
  return process.env.QF_WEBHOOKS_ALLOW_PRIVATE === '1';
}

/** The URL's own rules (no DNS): scheme, credentials, port. Returns the parsed URL. */
export function checkWebhookUrlShape(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('This is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlError('Use an https:// URL.');
  if (url.username || url.password) throw new WebhookUrlError('Leave the user name and password out of the URL (put a token in the path instead).');
  if (url.port !== '' && Number(url.port) < 1024 && !['80', '443'].includes(url.port)) {
    throw new WebhookUrlError('Use the standard port (443 or 80) or one from 1024 up.');
  }
  return url;
}

export interface ResolvedTarget {
  url: URL;
  /** Host name without IPv6 brackets. */
  host: string;
  /** The first checked address. */
  address: string;
  family: 4 | 6;
  /** Every address the name resolved to, all checked: the delivery connects only to these. */
  addresses: { address: string; family: 4 | 6 }[];
}

const DNS_TIMEOUT_MS = 5_000;

async function resolveAll(host: string): Promise<{ address: string; family: number }[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WebhookUrlError(`The host name ${host} did not resolve in time.`, true)), DNS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
  } catch (error) {
    if (error instanceof WebhookUrlError) throw error;
    throw new WebhookUrlError(`The host name ${host} does not resolve.`, true);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves the URL's host and checks every address it resolves to (one bad answer refuses the
 * whole name: a receiver must not be reachable only by luck of the draw). Throws WebhookUrlError.
 */
export async function resolveWebhookTarget(raw: string, options: { allowPrivate?: boolean } = {}): Promise<ResolvedTarget> {
  const url = checkWebhookUrlShape(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const answers = literal ? [{ address: host, family: literal }] : await resolveAll(host);
  if (answers.length === 0) throw new WebhookUrlError(`The host name ${host} does not resolve.`, true);
  if (!(options.allowPrivate ?? allowPrivateAddresses())) {
    for (const { address } of answers) {
      const reason = blockedAddressReason(address);
      if (reason) {
        const where = literal ? `it is ${reason}` : `it resolves to ${address}, ${reason}`;
        throw new WebhookUrlError(`Webhooks cannot be sent to ${host}: ${where}.`);
      }
    }
  }
  const addresses = answers.map((a) => ({ address: a.address, family: a.family === 6 ? (6 as const) : (4 as const) }));
  return { url, host, ...addresses[0]!, addresses };
}
