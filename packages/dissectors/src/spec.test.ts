/** Declarative specs: validation errors name the line; fields decode; framing resynchronises on the magic. */
import { describe, expect, it } from 'vitest';
import { DeclarativeProtocol } from './declarative.js';
import { parseSpec, SpecError } from './spec.js';

const crap = { name: 'crap', tcpPorts: [1337], heuristic: { magic: 'crap' }, framing: { headerLength: 8, lengthField: { offset: 4, size: 4, adjustment: 8 } },
  fields: [{ name: 'magic', offset: 0, size: 4, type: 'string' }, { name: 'length', offset: 4, type: 'uint32' }, { name: 'payload', offset: 8, size: 'rest', type: 'bytes' }] };

describe('parseSpec', () => {
  it('reads JSON and YAML alike', () => {
    expect(parseSpec(JSON.stringify(crap), 'c.json').name).toBe('crap');
    expect(parseSpec('name: x\nudpPorts: [9]\nfields:\n  - { name: a, offset: 0, type: uint8 }\n', 'x.yaml').fields[0].type).toBe('uint8');
  });

  it('reports errors with their line', () => {
    const bad = JSON.stringify({ ...crap, fields: [{ name: 'a', offset: 0, type: 'float' }] }, null, 2);
    let e: unknown;
    try { parseSpec(bad, 'c.json'); } catch (x) { e = x; }
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).message).toMatch(/^fields\.0\.type: /);
    expect((e as SpecError).line).toBe(bad.split('\n').findIndex((l) => l.includes('"type"')) + 1);
    expect(() => parseSpec('name: x\n  bad: [', 'x.yml')).toThrow(SpecError);
    expect(() => parseSpec(JSON.stringify({ name: 'x', tcpPorts: [1] }), 'x.json')).toThrow(/framing: TCP ports need a framing/);
  });
});

describe('DeclarativeProtocol', () => {
  it('frames by the length field, resyncs on the magic and decodes fields', () => {
    const p = new DeclarativeProtocol(parseSpec(JSON.stringify(crap), 'c.json'));
    const proto = p.tcpSession()(0);
    const msg = Uint8Array.from([...Buffer.from('junkcrap'), 0, 0, 0, 2, 0x41, 0x42]);
    expect(proto.pduLength(msg, 0)).toBeLessThan(0);
    expect(proto.resync!(msg, 0)).toBe(4);
    expect(proto.pduLength(msg, 4)).toBe(10);
    const r = proto.dissect(msg.subarray(4), undefined as never);
    expect(r.facts).toMatchObject({ 'crap.magic': 'crap', 'crap.length': 2, 'crap.payload': Uint8Array.from([0x41, 0x42]) });
    expect(r.tree[0].children!.map((c) => c.label)).toEqual(['magic: "crap"', 'length: 2', 'payload: 4142']);
    expect(p.fields.map((f) => [f.abbr, f.type])).toEqual([['crap', 'FT_PROTOCOL'], ['crap.magic', 'FT_STRING'], ['crap.length', 'FT_UINT32'], ['crap.payload', 'FT_BYTES']]);
  });
});
