import { describe, expect, it } from 'vitest';
import { checkFilter, defaultRegistry } from '@wirewho/filter';
import type { FrameRow } from '@wirewho/contract';
import { combineFilter, conversationFilter, fieldFilter, filterMenuItems, parseFilterMenuId, quoteString, rowFilters } from './filter-actions.js';

const typeOf = (name: string) => defaultRegistry.get(name)?.type;
const valid = (f: string) => checkFilter(f, defaultRegistry).ok;

describe('combineFilter (Wireshark\'s Apply/Prepare as Filter variants)', () => {
  it('replaces, negates, and joins with the bar\'s text', () => {
    expect(combineFilter('dns', 'tcp.port == 80', 'selected')).toBe('tcp.port == 80');
    expect(combineFilter('dns', 'tcp.port == 80', 'not-selected')).toBe('!(tcp.port == 80)');
    expect(combineFilter('dns || http', 'pid == 7', 'and-selected')).toBe('(dns || http) && (pid == 7)');
    expect(combineFilter('dns', 'pid == 7', 'or-selected')).toBe('(dns) || (pid == 7)');
    expect(combineFilter('dns', 'pid == 7', 'and-not-selected')).toBe('(dns) && !(pid == 7)');
    expect(combineFilter('dns', 'pid == 7', 'or-not-selected')).toBe('(dns) || !(pid == 7)');
  });

  it('an empty bar makes the and/or variants plain', () => {
    expect(combineFilter('  ', 'pid == 7', 'and-selected')).toBe('pid == 7');
    expect(combineFilter('', 'pid == 7', 'or-not-selected')).toBe('!(pid == 7)');
  });
});

describe('fieldFilter: the literal syntax of the field\'s type', () => {
  const cases: [string, string | undefined, string][] = [
    ['ip.src', '127.0.0.1', 'ip.src == 127.0.0.1'],
    ['ipv6.dst', '2001:db8::1', 'ipv6.dst == 2001:db8::1'],
    ['eth.src', '66:77:88:99:aa:bb', 'eth.src == 66:77:88:99:aa:bb'],
    ['udp.dstport', '53', 'udp.dstport == 53'],
    ['eth.type', '0x0800', 'eth.type == 0x0800'],
    ['dns.qry.name', 'static.corpus.test', 'dns.qry.name == "static.corpus.test"'],
    ['http.request.uri', '/a "b"\\c', 'http.request.uri == "/a \\"b\\"\\\\c"'],
    ['tcp.flags.syn', 'True', 'tcp.flags.syn == 1'],
    ['dns', undefined, 'dns'],
    ['tcp.payload', '47:45:54:20', 'tcp.payload == 47:45:54:20'],
  ];
  for (const [field, value, want] of cases) {
    it(`${field} ${value ?? '(no value)'}`, () => {
      const f = fieldFilter(field, value, typeOf(field));
      expect(f).toBe(want);
      expect(valid(f), f).toBe(true);
    });
  }

  it('quotes control characters and values a number field cannot take bare', () => {
    expect(quoteString('a\nb\u0000')).toBe('"a\\x0ab\\x00"');
    expect(fieldFilter('udp.dstport', '53 (domain)', 'FT_UINT16')).toBe('udp.dstport == "53 (domain)"');
  });
});

const row = (over: Partial<FrameRow>): FrameRow => ({
  number: 1, evidenceId: 1, tsNs: '0', relTime: '0.000000000', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2,
  protocol: 'TCP', length: 60, capLen: 60, info: '', ...over,
});

describe('packet-list row filters', () => {
  it('conversation: the TCP or UDP stream, else the address pair', () => {
    expect(conversationFilter(row({ tcpStream: 4 }))).toBe('tcp.stream == 4');
    expect(conversationFilter(row({ udpStream: 2 }))).toBe('udp.stream == 2');
    expect(conversationFilter(row({}))).toBe('ip.addr == 10.0.0.1 && ip.addr == 10.0.0.2');
    expect(conversationFilter(row({ src: 'fe80::1', dst: 'fe80::2' }))).toBe('ipv6.addr == fe80::1 && ipv6.addr == fe80::2');
    expect(conversationFilter(row({ src: '00:11:22:33:44:55', dst: 'Broadcast' }))).toBeNull();
  });

  it('column values and the process, every one a valid filter', () => {
    const r = row({ tcpStream: 0, process: { id: 3, pid: 4242, name: 'curl', args: null, ppid: null, user: null } as FrameRow['process'] });
    const fs = rowFilters(r);
    expect(fs.map((f) => f.expr)).toEqual(['tcp.stream == 0', 'ip.src == 10.0.0.1', 'ip.dst == 10.0.0.2', 'pid == 4242']);
    for (const f of fs) expect(valid(f.expr), f.expr).toBe(true);
  });
});

describe('menu ids', () => {
  it('round-trip action and mode; labels name the expression for Selected', () => {
    const items = filterMenuItems('field', 'dns', ['selected', 'and-selected']);
    expect(items.map((i) => i.label)).toEqual(['Apply as Filter: dns', 'Apply as Filter: …and Selected', 'Prepare as Filter: dns', 'Prepare as Filter: …and Selected']);
    expect(items.map((i) => parseFilterMenuId(i.id))).toEqual([
      { prefix: 'field', action: 'apply', mode: 'selected' }, { prefix: 'field', action: 'apply', mode: 'and-selected' },
      { prefix: 'field', action: 'prepare', mode: 'selected' }, { prefix: 'field', action: 'prepare', mode: 'and-selected' },
    ]);
    expect(parseFilterMenuId('follow')).toBeNull();
    expect(parseFilterMenuId('x:apply:sideways')).toBeNull();
  });
});
