import { BlockList, isIP } from 'node:net';

/** Why an address is refused; used in error messages and details. */
export type AddressClass = 'loopback' | 'private' | 'link-local' | 'reserved';

// IANA special-purpose ranges (RFC 6890 and successors). A fetch on behalf of a user
// must never reach the machine itself, the operator's network or cloud metadata
// (169.254.169.254), so everything that is not globally routable unicast is refused.
const RANGES: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', AddressClass]> = [
  ['0.0.0.0', 8, 'ipv4', 'reserved'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'private'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved'],
  ['192.88.99.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'reserved'],
  ['203.0.113.0', 24, 'ipv4', 'reserved'],
  ['224.0.0.0', 4, 'ipv4', 'reserved'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'reserved'],
  ['::1', 128, 'ipv6', 'loopback'],
  // IPv4-compatible (::/96, deprecated) and IPv4-translated (::ffff:0:0:0/96) addresses carry an
  // IPv4 address in their last 32 bits, and BlockList does not unpack them (it does unpack
  // IPv4-mapped ::ffff:0:0/96): `::127.0.0.1` passed as public. Nothing public uses either form.
  ['::', 96, 'ipv6', 'reserved'],
  ['::ffff:0:0:0', 96, 'ipv6', 'reserved'],
  // NAT64, 6to4 and Teredo addresses can carry a private IPv4 inside (IPv4-mapped ones are
  // checked against the IPv4 ranges by BlockList itself):
  // refusing the whole ranges is simpler and safer than unpacking each form.
  ['64:ff9b::', 96, 'ipv6', 'reserved'],
  ['64:ff9b:1::', 48, 'ipv6', 'reserved'],
  ['100::', 64, 'ipv6', 'reserved'],
  ['2001::', 32, 'ipv6', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'reserved'],
  ['2002::', 16, 'ipv6', 'reserved'],
  ['fc00::', 7, 'ipv6', 'private'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'reserved'],
];

const LISTS: ReadonlyArray<[BlockList, AddressClass]> = (['loopback', 'private', 'link-local', 'reserved'] as const).map((addressClass) => {
  const list = new BlockList();
  for (const [network, prefix, family, rangeClass] of RANGES) {
    if (rangeClass === addressClass) list.addSubnet(network, prefix, family);
  }
  return [list, addressClass];
});

/**
 * The class of a non-public address, or undefined for a globally routable one.
 * Anything that is not an IP literal counts as reserved (never reachable).
 */
export function classifyAddress(address: string): AddressClass | undefined {
  const family = isIP(address);
  if (family === 0) return 'reserved';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [list, addressClass] of LISTS) {
    if (list.check(address, type)) return addressClass;
  }
  return undefined;
}
