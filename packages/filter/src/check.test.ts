/** Type checking, name resolution, error messages, the registry API. */
import { describe, expect, it } from 'vitest';
import {
  checkFilter, compileFilter, completeField, defaultRegistry, FieldRegistry, FilterError, frameField, renderFilterError,
  type FieldDef,
} from './index.js';
import { formatIPv6, parseAbsoluteTime, parseIPv6, parseSecondsNs } from './literals.js';

function error(f: string): FilterError {
  const r = checkFilter(f);
  if (r.ok) throw new Error(`no error for ${f}`);
  return r.error;
}

describe('type checking', () => {
  it('unknown fields, with a suggestion', () => {
    expect(error('tcp.prot == 1')).toMatchObject({ code: 'unknown-field', position: 0, length: 8, message: 'tcp.prot is neither a field nor a protocol name. Did you mean tcp.port?' });
    expect(error('xxx')).toMatchObject({ code: 'unknown-field', message: 'xxx is neither a field nor a protocol name.' });
    expect(error('tcp && ip.scr == 1.2.3.4')).toMatchObject({ code: 'unknown-field', position: 7, message: expect.stringContaining('Did you mean ip.src?') });
    expect(error('dns.qry.nmae contains "x"').message).toContain('dns.qry.name');
    expect(error('ip.src == ip.dts')).toMatchObject({ code: 'unknown-field', message: expect.stringContaining('ip.dst') });
  });

  it('type mismatches like tshark', () => {
    expect(error('ip.src contains 3')).toMatchObject({ code: 'type', position: 7, length: 8, message: 'ip.src (type=IPv4 address) cannot participate in contains comparison.' });
    expect(error('tcp.port matches "8"')).toMatchObject({ code: 'type' });
    expect(error('tcp == 1')).toMatchObject({ code: 'type', message: expect.stringContaining('type=Protocol') });
    expect(error('tcp.analysis.retransmission == 1')).toMatchObject({ code: 'type', message: expect.stringContaining('type=Label') });
    expect(error('ip.src == eth.src')).toMatchObject({ code: 'type', message: expect.stringContaining('incompatible') });
    expect(error('tcp.port == ip.src')).toMatchObject({ code: 'type' });
    expect(error('len(tcp.port) == 2')).toMatchObject({ code: 'type' });
    expect(error('lower(tcp.port) == "x"')).toMatchObject({ code: 'type' });
    expect(error('count(len(dns.qry.name)) == 1')).toMatchObject({ code: 'type' });
    expect(error('ip.src[0] == 1')).toMatchObject({ code: 'type' });
    expect(error('tcp.port & 0x1 == 1 && dns.qry.name & 1')).toMatchObject({ code: 'type' });
    expect(error('dns.qry.name matches tcp.port')).toMatchObject({ code: 'type' });
    expect(error('dns.qry.name matches evil')).toMatchObject({ code: 'type', message: expect.stringContaining('double-quoted') });
    expect(error('ip.src > 10.0.0.0/8')).toMatchObject({ code: 'type' });
    expect(error('tcp.port in {tcp.srcport}')).toMatchObject({ code: 'unsupported' });
    expect(error('80 == tcp.port')).toMatchObject({ code: 'syntax', message: expect.stringContaining('Left side') });
    expect(error('"x"')).toMatchObject({ code: 'syntax' });
    expect(error('foo(tcp.port)')).toMatchObject({ code: 'syntax', message: expect.stringContaining('not a valid function') });
    expect(error('max(tcp.port) == 1')).toMatchObject({ code: 'unsupported' });
    expect(error('len(tcp.payload, tcp.port) == 1')).toMatchObject({ code: 'type' });
  });

  it('bad literals', () => {
    expect(error('tcp.port == 70000')).toMatchObject({ code: 'literal', position: 12, length: 5, message: '"70000" too big for this field, maximum 65535.' });
    expect(error('tcp.port == -1')).toMatchObject({ code: 'literal', message: expect.stringContaining('minimum 0') });
    expect(error('tcp.port == 99999999999999999999999999999999999999999999999999999999999999999999999999999')).toMatchObject({ code: 'literal', message: expect.stringContaining('overflow') });
    expect(error('tcp.port == "80"')).toMatchObject({ code: 'type', message: 'Unsigned integer (2 bytes) cannot be converted from a string ("80").' });
    expect(error('ip.src == 1.2.3')).toMatchObject({ code: 'literal', message: expect.stringContaining('not a valid hostname or IPv4 address') });
    expect(error('ip.src == 1.2.3.256')).toMatchObject({ code: 'literal' });
    expect(error('ip.src == www.example.com')).toMatchObject({ code: 'literal', message: expect.stringContaining('host names are not resolved') });
    expect(error('ip.src == 10.0.0.0/33')).toMatchObject({ code: 'literal' });
    expect(error('ip.src == ::1')).toMatchObject({ code: 'literal', message: expect.stringContaining('IPv6') });
    expect(error('ipv6.src == 1.2.3.4')).toMatchObject({ code: 'literal', message: expect.stringContaining('IPv4') });
    expect(error('ipv6.src == 1::2::3')).toMatchObject({ code: 'literal' });
    expect(error('eth.src == 00:11:22:33:44')).toMatchObject({ code: 'literal', message: expect.stringContaining('Ethernet address') });
    expect(error('eth.src == "00:11:22:33:44:55"')).toMatchObject({ code: 'type' });
    expect(error('tcp.payload contains zz')).toMatchObject({ code: 'literal' });
    expect(error('tcp.payload contains 0x123')).toMatchObject({ code: 'literal' });
    expect(error('frame.time > "yesterday"')).toMatchObject({ code: 'literal' });
    expect(error('frame.time > "2026-02-30 00:00:00"')).toMatchObject({ code: 'literal' });
    expect(error('frame.time_relative > abc')).toMatchObject({ code: 'literal' });
    expect(error('tcp.flags.syn == maybe')).toMatchObject({ code: 'literal' });
    expect(error('dns.qry.name == \'x\'')).toMatchObject({ code: 'type' });
  });

  it('regular expressions are checked at compile time with the position inside the filter', () => {
    const e = error('http.host matches "a(?=b)"');
    expect(e).toMatchObject({ code: 'regex', position: 20 });
    expect(e.message).toContain('lookahead');
    expect(error('http.host matches "(a"')).toMatchObject({ code: 'regex' });
    expect(error('http.host matches "\\\\1"')).toMatchObject({ code: 'regex' });
    expect(error('http.host matches "a{5000}"')).toMatchObject({ code: 'regex' });
  });

  it('accepts what Wireshark accepts', () => {
    for (const f of [
      'tcp.port == 80', 'tcp.port eq 80 and ip.src == 192.168.2.1', 'not arp || tcp', 'tcp.payload contains 4745', 'http and frame[100-199] contains "wireshark"',
      'eth.dst eq ff:ff:ff:ff:ff:ff', 'eth.src[0:3] == 00:00:83', 'frame[-4:4] == 0.1.2.3', 'frame[-4:] == 0.1.2.3',
      'frame.len > 012', "frame.len > 'a'", 'frame.len > 0b1010', 'frame[4] == 0xff', 'frame[1:4] contains 0x02',
      'tcp.port in {443, 4430..4434}', 'ip.addr in {10.0.0.5 .. 10.0.0.9, 192.168.1.1..192.168.1.9}', 'frame.time_delta in {10 .. 10.5}',
      'http.request.method == "\\x48EAD"', 'http.request.method == "\\110EAD"', 'http.host contains r"\\x"', 'tcp.payload contains 47.45.54',
      'tcp.flags & 0x02', 'eth.addr[0] & 0x0f == 2', 'string(frame.number) matches "[13579]$"', 'upper(http.host) contains "MACRO"',
      'frame.time == "Sep 26, 2004 23:18:04.954975"', 'frame.time >= "2020-07-04T12:34:56"', 'ip.dst ne 224.1.2.3', 'not ip.dst eq 224.1.2.3',
      'tcp.flags.syn == TRUE', 'tcp.flags.syn == False', 'all tcp.port > 1024', 'any ip.addr != 1.1.1.1',
    ]) {
      expect(checkFilter(f), f).toMatchObject({ ok: true });
    }
    expect(error('llc')).toMatchObject({ code: 'unknown-field' }); // llc is not in the registry (yet)
  });

  it('reports the fields used, by canonical name', () => {
    expect(compileFilter('pid == 1 || TCPSHARK.cmd == "x" || tcp.port == 1 || tcp.port == 2').fields).toEqual(['proc.cmd', 'proc.pid', 'tcp.port']);
  });

  it('keeps every value out of the SQL text', () => {
    const c = compileFilter('http.host == "evil\'--" && tcp.port in {1, 2} && ip.addr == 10.1.2.0/24 && frame.time > "2026-01-01 00:00:00Z" && tcp.payload[0:2] == 41:42 && dns.qry.name matches "x+"');
    expect(c.sql).not.toMatch(/evil|'--|10\.1\.2|2026|x\+/);
    expect(c.sql.split('?').length - 1).toBe(c.params.length);
    // The only quoted text in SQL comes from the registry.
    expect(c.sql.match(/'[^']*'/g) ?? []).toEqual([]);
  });
});

describe('checkFilter / renderFilterError / completeField', () => {
  it('renders a caret under the error', () => {
    const r = checkFilter('tcp.port == 80 && ip.src contains 3');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rendered).toBe([
        'ip.src (type=IPv4 address) cannot participate in contains comparison.',
        '    tcp.port == 80 && ip.src contains 3',
        '                             ^~~~~~~~',
      ].join('\n'));
    }
    expect(renderFilterError('a\tb', new FilterError('syntax', 'x', 2, 1))).toBe('x\n    a b\n      ^');
    expect(renderFilterError('abc', new FilterError('syntax', 'end', 3, 5))).toBe('end\n    abc\n       ^');
  });

  it('completes field names with type and description, case-insensitively', () => {
    const c = completeField('tcp.fl');
    expect(c[0]).toMatchObject({ name: 'tcp.flags', type: 'FT_UINT16' });
    expect(c.map((x) => x.name)).toContain('tcp.flags.syn');
    expect(completeField('TCPSHARK.c').map((x) => x.name)).toEqual(['tcpshark.Cmd']);
    expect(completeField('pi')[0]).toMatchObject({ name: 'pid', type: 'FT_UINT32' });
    expect(completeField('zzz')).toEqual([]);
    expect(completeField('').length).toBe(100);
  });

  it('lists every field for the help page', () => {
    const all = defaultRegistry.fields();
    expect(all.length).toBeGreaterThan(250);
    expect(all.find((f) => f.name === 'proc.pid')).toMatchObject({ aliases: ['pid', 'tcpshark.pid'], source: 'processes (via frames.process_id)' });
    expect(all.find((f) => f.name === 'tcp.port')).toMatchObject({ source: 'frames', protocol: 'tcp' });
    for (const f of all) expect(f.description.length, f.name).toBeGreaterThan(2);
  });
});

describe('registry', () => {
  const def = (over: Partial<FieldDef>): FieldDef => ({ name: 'x.y', type: 'FT_UINT8', description: 'd', location: frameField('x.y'), ...over });

  it('validates declarations', () => {
    expect(() => new FieldRegistry([def({}), def({})])).toThrow(/duplicate/);
    expect(() => new FieldRegistry([def({ name: 'a b' })])).toThrow(/invalid field name/);
    expect(() => new FieldRegistry([def({ location: { kind: 'column', column: 'x; DROP' } })])).toThrow(/identifier/);
    expect(() => new FieldRegistry([def({ location: { kind: 'derived', expr: "1; DROP TABLE frames" } })])).toThrow(/snippet/);
    expect(() => new FieldRegistry([def({ location: { kind: 'derived', expr: "f.a -- x" } })])).toThrow(/snippet/);
    expect(() => new FieldRegistry([def({ location: { kind: 'presence', when: "f.protocol = 'a" } })])).toThrow(/snippet/);
    expect(() => new FieldRegistry([def({ type: 'FT_NOPE' as never })])).toThrow(/unknown type/);
  });

  it('compiles against a custom registry (a future table)', () => {
    const reg = new FieldRegistry([
      { name: 'proc.pid', type: 'FT_UINT32', description: 'pid', location: { kind: 'side-table', table: 'frame_process', frameColumn: 'frame', valueColumn: 'pid' } },
    ]);
    const c = compileFilter('proc.pid == 7', reg);
    expect(c.sql).toBe('f.number IN (SELECT s1.frame FROM frame_process AS s1 WHERE 1 AND s1.pid = ?)');
    expect(c.params).toEqual([7]);
    expect(() => compileFilter('tcp', reg)).toThrow(FilterError);
  });
});

describe('literals', () => {
  it('IPv6 text round-trips to the index (glibc) form', () => {
    for (const [input, canonical] of [
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], ['::', '::'], ['::1', '::1'], ['1::', '1::'],
      ['::ffff:1.2.3.4', '::ffff:1.2.3.4'], ['::1.2.3.4', '::1.2.3.4'], ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], ['FE80::1', 'fe80::1'],
      ['0:0:0:0:0:0:0:102', '::102'], ['0:0:0:0:0:0:1:0', '::0.1.0.0'], ['0:0:ffff::', '0:0:ffff::'],
    ]) {
      expect(formatIPv6(parseIPv6(input)!), input).toBe(canonical);
    }
    for (const bad of [':::', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', '::ffff:1.2.3', 'g::1', '1:2:3:4:5:6:7']) expect(parseIPv6(bad), bad).toBeNull();
  });

  it('times', () => {
    expect(parseAbsoluteTime('2026-11-23 09:03:00.36Z')).toBe(1795424580360000000n);
    expect(parseAbsoluteTime('2026-11-23T09:03:00.36+01:00')).toBe(1795424580360000000n - 3_600_000_000_000n);
    expect(parseAbsoluteTime('Nov 23, 2026 09:03:00.360000001 UTC')).toBe(1795424580360000001n);
    expect(parseAbsoluteTime('2026-11-23 09:03:00.36', { utc: true })).toBe(1795424580360000000n);
    const local = new Date(2026, 10, 23, 9, 3, 0).getTime();
    expect(parseAbsoluteTime('2026-11-23 09:03:00.36')).toBe(BigInt(local) * 1_000_000n + 360_000_000n);
    expect(parseSecondsNs('1.5')).toBe(1_500_000_000n);
    expect(parseSecondsNs('-0.25')).toBe(-250_000_000n);
    expect(parseSecondsNs('.5')).toBe(500_000_000n);
    expect(parseSecondsNs('1e-3')).toBe(1_000_000n);
    expect(parseSecondsNs('0.0000000001')).toBe(0n);
    expect(parseSecondsNs('x')).toBeNull();
  });
});
