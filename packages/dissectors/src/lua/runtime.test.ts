/** The Lua sandbox: load-time API checks with lines, CPU and memory limits, no escape to os/io/require. */
import { describe, expect, it } from 'vitest';
import { LuaFile } from './lua-protocol.js';
import { LuaCallError, LuaDissectorState, LuaLoadError, type LuaPacketMeta } from './runtime.js';

const meta: LuaPacketMeta = { number: 7, src: '10.0.0.1', dst: '10.0.0.2', srcPort: 4000, dstPort: 1337, transport: 'tcp', stream: 0, canDesegment: true };
const proto = (body: string) => `local p = Proto("t", "T")\nlocal f = ProtoField.uint16("t.v", "V", base.HEX)\np.fields = { f }\nfunction p.dissector(tvb, pinfo, tree)\n${body}\nend\nDissectorTable.get("tcp.port"):add(1337, p)`;

async function loadError(src: string): Promise<LuaLoadError> {
  try {
    (await LuaDissectorState.load('x.lua', src, { milliseconds: 200 })).close();
  } catch (e) {
    if (e instanceof LuaLoadError) return e;
    throw e;
  }
  throw new Error('loaded');
}

describe('Lua sandbox', () => {
  it.each([
    ['os.execute("id")', /'os' is not available/, 5],
    ['local fh = io.open("/etc/passwd")', /'io' is not available/, 5],
    ['local s = require("socket")', /'require' is not available/, 5],
    ['tree:add_expert_info(1, 2, "x")', /':add_expert_info\(\)' is not supported/, 5],
    ['local d = Dissector.get("http")', /'Dissector' is not supported/, 5],
  ])('rejects %s at load time with its line', async (body, re, line) => {
    const e = await loadError(proto(body));
    expect(e.message).toMatch(re);
    expect(e.line).toBe(line);
  });

  it('rejects APIs outside the subset reached at run time (no static name)', async () => {
    const s = await LuaDissectorState.load('x.lua', proto('local o = _G["o" .. "s"]\nreturn o.execute("id")'));
    expect(() => s.call('p', 1, new Uint8Array(2), meta)).toThrow(/'os' is not available/);
    s.close();
  });

  it('stops an endless loop (CPU) and unbounded allocation (memory) with clear errors', async () => {
    const loop = await LuaDissectorState.load('x.lua', proto('while true do end'), { milliseconds: 100 });
    expect(() => loop.call('p', 1, new Uint8Array(2), meta)).toThrow(LuaCallError);
    expect(() => loop.call('p', 1, new Uint8Array(2), meta)).toThrow(/CPU limit exceeded/);
    loop.close();
    const mem = await LuaDissectorState.load('x.lua', proto('local t = {} for i = 1, 1e9 do t[i] = string.rep("x", 4096) .. i end'), { memoryBytes: 8 << 20, instructions: 1e9, milliseconds: 5000 });
    let err: unknown;
    try { mem.call('p', 1, new Uint8Array(2), meta); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(LuaCallError);
    expect((err as LuaCallError).kind).toBe('memory');
    expect(mem.memoryUsed()).toBeLessThan(9 << 20);
    // The state still works after the limit hit.
    const ok = await LuaDissectorState.load('y.lua', proto('tree:add(f, tvb(0, 2))'));
    expect(ok.call('p', 1, Uint8Array.of(0xab, 0xcd), meta).items[0]).toEqual([0, 'field', 't.v', 'V: 0xabcd', 0xabcd, 'FT_UINT16', 0, 2, '0xabcd']);
    ok.close();
    mem.close();
  });

  it('a file whose calls keep hitting limits is switched off after a few', async () => {
    const f = new LuaFile(await LuaDissectorState.load('x.lua', proto('while true do end'), { milliseconds: 30 }));
    for (let i = 0; i < 5; i++) expect(f.run('p', 1, new Uint8Array(1), meta)).toBeNull();
    expect(f.disabled).toBe(true);
    expect(f.errorCount).toBe(3);
    f.close();
  });

  it('gives the dissector Pinfo, Tvb ranges, 64-bit values, value strings and columns', async () => {
    const s = await LuaDissectorState.load('z.lua', [
      'local p = Proto("z", "Zed")',
      'local k = ProtoField.uint8("z.kind", "Kind", base.DEC, { [1] = "Request", [2] = "Reply" })',
      'local big = ProtoField.uint64("z.big", "Big")',
      'local ip = ProtoField.ipv4("z.ip", "Addr")',
      'p.fields = { k, big, ip }',
      'function p.dissector(tvb, pinfo, tree)',
      '  local t = tree:add(p, tvb(0, 13))',
      '  t:add(k, tvb(0, 1)) t:add(big, tvb(1, 8)) t:add(ip, tvb(9, 4))',
      '  pinfo.cols.protocol = "ZED"',
      '  pinfo.cols.info:set(tostring(pinfo.src) .. ":" .. pinfo.src_port .. " #" .. pinfo.number .. " " .. tostring(tvb(1, 8):uint64()))',
      '  return tvb:len()',
      'end',
      'DissectorTable.get("udp.port"):add("1000-1002,1337", p)',
    ].join('\n'));
    expect(s.manifest.ports).toEqual([['udp.port', 1000, 1002, 1], ['udp.port', 1337, 1337, 1]]);
    const data = Uint8Array.of(2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 192, 168, 1, 9);
    const r = s.call('p', 1, data, meta);
    expect(r.info).toBe('10.0.0.1:4000 #7 18446744073709551614');
    expect(r.items.map((i) => i[3])).toEqual(['Zed', 'Kind: Reply (2)', 'Big: 18446744073709551614', 'Addr: 192.168.1.9']);
    s.close();
  });
});

describe('tree items made on the host side', () => {
  it('formats bases, value strings, explicit values and texts; Field.new sees own and built-in fields', async () => {
    const s = await LuaDissectorState.load('w.lua', [
      'local own = Field.new("w.kind")',
      'local proto_nr = Field.new("ip.proto")',
      'local p = Proto("w", "Wide")',
      'local k = ProtoField.uint8("w.kind", "Kind", base.HEX_DEC, { [1] = "Request" })',
      'local d = ProtoField.uint16("w.d", "D", base.DEC_HEX)',
      'local le = ProtoField.uint16("w.le", "LE")',
      'local fl = ProtoField.uint8("w.flag", "Flag", base.HEX, nil, 0x0c)',
      'local z = ProtoField.stringz("w.z", "Z")',
      'local s64 = ProtoField.int64("w.s64", "S64")',
      'p.fields = { k, d, le, fl, z, s64 }',
      'function p.dissector(tvb, pinfo, tree)',
      '  local t = tree:add(p, tvb(0, 16), "Wide message")',
      '  t:add(k, tvb(0, 1)) t:add(d, tvb(1, 2)) t:add_le(le, tvb(1, 2)) t:add(fl, tvb(3, 1))',
      '  t:add(z, tvb(4, 4)):prepend_text("> ")',
      '  t:add(s64, tvb(8, 8))',
      '  t:add(d, tvb(1, 2), 7, "Seven, said the dissector")',
      '  local sub = tvb(4, 4):tvb()',
      '  t:add(k, sub(1, 1)):append_text(" (sub)")',
      '  t:add(tvb(0, 2), "two bytes"):set_text("replaced")',
      '  t:append_text(", kind " .. tostring(own()) .. ", proto " .. tostring(proto_nr()))',
      'end',
      'DissectorTable.get("tcp.port"):add(1, p)',
    ].join('\n'));
    const data = Uint8Array.of(1, 0x01, 0x02, 0xff, 0x61, 0x62, 0, 0x63, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe);
    const r = s.call('p', 1, data, meta);
    expect(r.items.map((i) => [i[0], i[3], i[4], i[6], i[7]])).toEqual([
      [0, 'Wide message, kind Request (0x01 (1)), proto 6', null, 0, 16],
      [1, 'Kind: Request (0x01 (1))', 1, 0, 1],
      [1, 'D: 258 (0x0102)', 258, 1, 2],
      [1, 'LE: 513', 513, 1, 2],
      [1, 'Flag: 0x03', 3, 3, 1],
      [1, '> Z: "ab"', 'ab', 4, 4],
      [1, 'S64: -2', '-2', 8, 8],
      [1, 'Seven, said the dissector', 7, 1, 2],
      [1, 'Kind: 0x62 (98) (sub)', 0x62, 5, 1],
      [1, 'replaced', null, 0, 2],
    ]);
    s.close();
  });

  it('an out-of-range field is an error of the call, as in Wireshark', async () => {
    const s = await LuaDissectorState.load('x.lua', proto('tree:add(f, tvb(0, 6))'));
    expect(() => s.call('p', 1, new Uint8Array(8), meta)).toThrow(/range length 6 is not 1 to 4 bytes/);
    s.close();
  });
});
