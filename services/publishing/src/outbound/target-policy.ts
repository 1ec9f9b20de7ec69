import { type LookupAddress, lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which destinations the platform may call on an office's behalf (webhooks, social
 * channels). Only public unicast addresses: loopback, private, link-local (cloud metadata
 * at 169.254.169.254), CGNAT, multicast, unspecified, reserved, IPv4-mapped, NAT64, 6to4
 * and the like are refused, exactly the rule `request-filtering-agent` applies to every
 * address it connects to (`ipaddr.js` range other than `unicast`). Names reserved for
 * private use are refused before any lookup: `localhost`, `*.localhost`, `*.internal`
 * (`metadata.google.internal`), `*.local`, `*.home.arpa`, and single-label names (which a
 * resolver's search list turns into internal hosts, e.g. GCP's `metadata`).
 *
 * `allowPrivateNetworks` (CIDRs) lets development and tests reach a receiver on loopback;
 * it comes from `OUTBOUND_ALLOW_PRIVATE_NETWORKS`, which the configuration refuses in
 * production, and is never an office setting.
 */
export class TargetPolicy {
  private readonly allow: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  /** `lookup`: the resolver (Node's by default; tests give one that answers what they need). */
  constructor(
    readonly allowPrivateNetworks: readonly string[] = [],
    readonly lookup: LookupFunction = dnsLookup as LookupFunction,
  ) {
    this.allow = allowPrivateNetworks.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Why an address may not be called, or null. */
  refusedAddress(address: string): string | null {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.parse(address);
    } catch {
      return 'not an address';
    }
    if (this.allow.some(([net, bits]) => net.kind() === parsed.kind() && parsed.match(net, bits)))
      return null;
    const range = parsed.range();
    return range === 'unicast' ? null : range;
  }

  /** Why a host name may not be called (before any lookup), or null. */
  static refusedName(hostname: string): string | null {
    const name = hostname.toLowerCase().replace(/\.$/, '');
    if (!name.includes('.')) return 'single-label name';
    if (/(^|\.)(localhost|internal|local|home\.arpa)$/.test(name)) return 'name reserved for private use';
    return null;
  }

  /** The host part of an http(s) URL without user info, or null when the URL is not one. */
  static host(url: string): string | null {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password) return null;
    // The WHATWG parser already turned 127.1, 2130706433 and 0x7f000001 into 127.0.0.1.
    return u.hostname.replace(/^\[(.*)\]$/, '$1');
  }

  /**
   * Checks a target when an office registers it: IP literals and reserved names at once,
   * other names through DNS (every address they resolve to). A name that does not resolve
   * now is accepted; every call checks again whatever it resolves to then.
   */
  async check(url: string): Promise<TargetVerdict> {
    const host = TargetPolicy.host(url);
    if (host === null) return { ok: false, kind: 'invalid' };
    if (isIP(host)) {
      const why = this.refusedAddress(host);
      return why ? { ok: false, kind: 'not-public', host, why } : { ok: true };
    }
    const reserved = TargetPolicy.refusedName(host);
    if (reserved) return { ok: false, kind: 'not-public', host, why: reserved };
    const addresses = await resolveAll(this.lookup, host, 3_000);
    for (const a of addresses) {
      const why = this.refusedAddress(a);
      if (why) return { ok: false, kind: 'not-public', host, why: `resolves to ${why}` };
    }
    return { ok: true };
  }
}

export type TargetVerdict =
  | { ok: true }
  | { ok: false; kind: 'invalid' }
  | { ok: false; kind: 'not-public'; host: string; why: string };

/** Every address of a name; none when it does not resolve (within `timeoutMs`). */
function resolveAll(lookup: LookupFunction, host: string, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), timeoutMs);
    lookup(host, { all: true }, (err: Error | null, found: string | LookupAddress[]) => {
      clearTimeout(timer);
      resolve(err || !Array.isArray(found) ? [] : found.map((a) => a.address));
    });
  });
}
