/**
 * A sort key for an address as text (what the streams table stores), so the Streams view orders
 * addresses by value like Wireshark's Conversations (10.0.0.1 < 81.2.3.4 < 127.0.0.1), IPv4 before
 * IPv6; anything else after both, as text.
 */
export function addressKey(address: string): string {
  const v4 = ipv4Hex(address);
  if (v4 !== null) return `4${v4}`;
  const v6 = address.includes(':') ? ipv6Hex(address) : null;
  return v6 !== null ? `6${v6}` : `9${address}`;
}

function ipv4Hex(a: string): string | null {
  const parts = a.split('.');
  if (parts.length !== 4) return null;
  let out = '';
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out += Number(p).toString(16).padStart(2, '0');
  }
  return out;
}

function ipv6Hex(a: string): string | null {
  let text = a;
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const dot = text.lastIndexOf(':');
  const tail = ipv4Hex(text.slice(dot + 1));
  if (tail !== null) text = `${text.slice(0, dot + 1)}${tail.slice(0, 4)}:${tail.slice(4)}`;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.toLowerCase().padStart(4, '0')).join('');
}
