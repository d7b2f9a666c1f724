import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

// Where a webhook may go. A URL is the workspace's to choose and each delivery's
// status is shown, so without limits webhooks would scan the server's own network
// (loopback ports, the cloud metadata service, private hosts). Only public unicast
// addresses are reached, unless the operator allows more (TOUCHPOINT_WEBHOOK_ALLOW);
// a name is judged by every address it resolves to, when the endpoint is saved and
// again when each delivery connects.

export interface AllowList {
  hosts: Set<string>;
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** TOUCHPOINT_WEBHOOK_ALLOW's entries (validated by the config): host names, addresses, CIDR ranges. */
export function compileAllowList(entries: string[]): AllowList {
  const list: AllowList = { hosts: new Set(), ranges: [] };
  for (const entry of entries) {
    if (ipaddr.isValidCIDR(entry)) list.ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      list.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else list.hosts.add(entry.toLowerCase());
  }
  return list;
}

/** Public, but the metadata service of a cloud (Azure's wire server). The others sit in link-local or private ranges. */
const METADATA = new Set(['168.63.129.16']);

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback',
  private: 'a private',
  uniqueLocal: 'a private (unique local)',
  linkLocal: 'a link-local',
  carrierGradeNat: 'a carrier-grade NAT',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
  reserved: 'a reserved',
};

const ADVICE = 'webhooks reach public addresses only (an operator can allow more with TOUCHPOINT_WEBHOOK_ALLOW)';

/** Why a webhook may not connect to this address, or undefined when it may. */
export function addressRefusal(address: string, allow: AllowList): string | undefined {
  // ::ffff:127.0.0.1 is 127.0.0.1.
  const ip = ipaddr.process(address);
  if (allow.ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) return undefined;
  if (METADATA.has(ip.toString())) return 'a cloud metadata address';
  const range = ip.range();
  if (range === 'unicast') return undefined;
  // Anything else (NAT64, 6to4, Teredo, documentation ranges …) may wrap or stand for an internal address.
  return `${RANGE_WORDS[range] ?? 'a special-purpose'} address`;
}

/** The host of a URL as a bare address when it is one ([::1] → ::1), else undefined. */
function literalAddress(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(bare) ? bare : undefined;
}

/** The first refused address of a name, as a sentence. */
function refusalOf(hostname: string, addresses: string[], allow: AllowList): string | undefined {
  for (const address of addresses) {
    const why = addressRefusal(address, allow);
    if (why) return `${hostname} resolves to ${address}, ${why}; ${ADVICE}`;
  }
  return undefined;
}

/** A refusal of the destination: the delivery is not retried, nothing was sent. */
export class DestinationRefused extends Error {}

/** The URL's host when it is an address, refused or not without DNS; undefined for a name (see `checkedLookup`). */
export function literalRefusal(url: URL, allow: AllowList): string | undefined {
  const literal = literalAddress(url.hostname);
  const why = literal && addressRefusal(literal, allow);
  return why ? `${literal} is ${why}; ${ADVICE}` : undefined;
}

/**
 * Why a webhook URL may not be used now, or undefined. (The URL parser has already
 * turned 0x7f.1 and 2130706433 into 127.0.0.1.) A name that does not resolve now is
 * let through: each delivery checks again before it connects.
 */
export async function destinationRefusal(url: string, allow: AllowList): Promise<string | undefined> {
  const parsed = new URL(url);
  if (literalAddress(parsed.hostname)) return literalRefusal(parsed, allow);
  if (allow.hosts.has(parsed.hostname)) return undefined;
  const addresses = await dns.promises.lookup(parsed.hostname, { all: true }).catch(() => []);
  return refusalOf(parsed.hostname, addresses.map((a) => a.address), allow);
}

/**
 * A DNS lookup for the HTTP client that resolves, checks every address, and hands
 * the connection only addresses it checked: what is checked is what is connected to,
 * so a name that changes its answer between two lookups (DNS rebinding) gains nothing.
 */
export function checkedLookup(allow: AllowList): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const why = allow.hosts.has(hostname.toLowerCase()) ? undefined : refusalOf(hostname, addresses.map((a) => a.address), allow);
      if (why) return callback(new DestinationRefused(why), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
