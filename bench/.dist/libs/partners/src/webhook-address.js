import { isIP } from 'node:net';
const V4_INTERNAL = [
    ['0.0.0.0', 8], // "this network", incl. 0.0.0.0 (connects to the local host)
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['169.254.0.0', 16], // link-local, cloud metadata
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, broadcast
];
const V6_INTERNAL = [
    ['::', 128], // unspecified
    ['fc00::', 7], // unique local (incl. fd00:ec2::254, the AWS metadata address)
    ['fe80::', 10], // link-local
    ['fec0::', 10], // site-local (deprecated)
    ['ff00::', 8], // multicast
    ['2001:db8::', 32], // documentation
    ['100::', 64], // discard
];
function v4ToBigInt(address) {
    return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}
function v6ToBigInt(address) {
    let text = address.toLowerCase().split('%')[0];
    // An embedded dotted quad (::ffff:1.2.3.4) becomes two hex groups.
    const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
    if (dotted) {
        const v4 = v4ToBigInt(dotted[1]);
        text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
    }
    const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
    const headGroups = head ? head.split(':') : [];
    const tailGroups = tail ? tail.split(':') : [];
    const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
    return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group || '0', 16)), 0n);
}
const inRange = (value, bits, [first, prefix]) => value >> BigInt(bits - prefix) === first >> BigInt(bits - prefix);
const v4Ranges = V4_INTERNAL.map(([a, p]) => [v4ToBigInt(a), p]);
const v6Ranges = V6_INTERNAL.map(([a, p]) => [v6ToBigInt(a), p]);
function v4Kind(value) {
    if (value >> 24n === 127n)
        return 'loopback';
    return v4Ranges.some((range) => inRange(value, 32, range)) ? 'internal' : 'public';
}
/** Classifies a literal IPv4 or IPv6 address; anything that is not an IP address counts as internal. */
export function addressKind(address) {
    const bare = address.replace(/^\[|\]$/g, '');
    const family = isIP(bare.split('%')[0]);
    if (family === 4)
        return v4Kind(v4ToBigInt(bare));
    if (family !== 6)
        return 'internal';
    const value = v6ToBigInt(bare);
    if (value === 1n)
        return 'loopback';
    // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) carry an IPv4 address.
    if (value >> 32n === 0xffffn || (value >> 32n === 0n && value > 0xffffn) || value >> 32n === 0x0064ff9b0000000000000000n)
        return v4Kind(value & 0xffffffffn);
    return v6Ranges.some((range) => inRange(value, 128, range)) ? 'internal' : 'public';
}
/** May a webhook be sent to this address? Loopback only when local http webhooks are allowed (development). */
export function isAllowedWebhookAddress(address, allowLoopback) {
    const kind = addressKind(address);
    return kind === 'public' || (kind === 'loopback' && allowLoopback);
}
//# sourceMappingURL=webhook-address.js.map