/**
 * The declarative dissector spec (JSON or YAML), validated with zod. One spec = one protocol: name and
 * filter prefix, TCP/UDP ports, an optional heuristic (magic bytes at an offset), PDU framing (a fixed
 * header with a length field, or a delimiter), typed fields, and optional application fragmentation
 * over UDP (message id, fragment number, last-fragment flag or fragment count).
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';

const NAME = /^[a-z][a-z0-9_]*$/;
const FIELD = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const port = z.number().int().min(0).max(65535);

/** Bytes as text ("crap") or hex ({ hex: "63726170" }). */
const bytesSpec = z.union([
  z.string().min(1).max(64),
  z.object({ hex: z.string().regex(/^([0-9a-fA-F]{2})+$/).max(128) }).strict(),
]);

export const FIELD_TYPE_NAMES = [
  'uint8', 'uint16', 'uint24', 'uint32', 'uint64', 'int8', 'int16', 'int24', 'int32', 'int64',
  'string', 'stringz', 'bytes', 'bool', 'ipv4', 'ether',
] as const;

const fieldSpec = z.object({
  /** Name under the filter prefix ("length" -> crap.length); dots allowed ("flags.last"). */
  name: z.string().regex(FIELD),
  label: z.string().min(1).max(200).optional(),
  offset: z.number().int().min(0),
  /** Bytes; "rest" = to the end of the PDU. Integers default to their natural size. */
  size: z.union([z.number().int().min(1).max(1 << 20), z.literal('rest')]).optional(),
  type: z.enum(FIELD_TYPE_NAMES),
  byteOrder: z.enum(['big', 'little']).default('big'),
  base: z.enum(['dec', 'hex', 'oct']).default('dec'),
  /** Bit mask for integer and bool fields (the value is shifted down to the mask's lowest bit). */
  mask: z.number().int().min(1).optional(),
  /** Value strings: "1": "Request". */
  values: z.record(z.string().regex(/^-?\d+$/), z.string().max(200)).optional(),
}).strict();

const framingSpec = z.union([
  z.object({
    headerLength: z.number().int().min(1).max(65536),
    lengthField: z.object({
      offset: z.number().int().min(0),
      size: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
      byteOrder: z.enum(['big', 'little']).default('big'),
      /** Added to the field's value to get the whole PDU length (e.g. the header length). */
      adjustment: z.number().int().min(-65536).max(65536).default(0),
    }).strict(),
  }).strict(),
  z.object({ delimiter: bytesSpec }).strict(),
]);

const flagRef = z.object({ field: z.string().regex(FIELD), mask: z.number().int().min(1).optional() }).strict();

const fragmentationSpec = z.object({
  /** Field (by name) holding the message id, and the fragment number. */
  messageId: z.string().regex(FIELD),
  fragmentNumber: z.string().regex(FIELD),
  /** Number of the first fragment (0 or 1). */
  fragmentBase: z.number().int().min(0).max(1).default(0),
  /** The datagram is a fragment at all (absent: every datagram is one). */
  fragmentFlag: flagRef.optional(),
  /** Last fragment flag, or a field holding the fragment count: one of the two. */
  lastFlag: flagRef.optional(),
  count: z.string().regex(FIELD).optional(),
  /** Where the fragment's payload starts in the datagram. */
  payloadOffset: z.number().int().min(0),
}).strict().refine((f) => (f.lastFlag === undefined) !== (f.count === undefined), { message: 'give exactly one of lastFlag and count' });

export const dissectorSpecSchema = z.object({
  name: z.string().regex(NAME).max(40),
  description: z.string().max(200).optional(),
  /** Prefix of the field names (default: the name). */
  filterPrefix: z.string().regex(NAME).max(40).optional(),
  tcpPorts: z.array(port).max(64).default([]),
  udpPorts: z.array(port).max(64).default([]),
  heuristic: z.object({ magic: bytesSpec, offset: z.number().int().min(0).max(65535).default(0) }).strict().optional(),
  framing: framingSpec.optional(),
  fields: z.array(fieldSpec).max(256).default([]),
  fragmentation: fragmentationSpec.optional(),
  /** Fields of a reassembled message (offsets in the message). */
  messageFields: z.array(fieldSpec).max(256).default([]),
}).strict().superRefine((s, ctx) => {
  if (s.tcpPorts.length && !s.framing) ctx.addIssue({ code: 'custom', path: ['framing'], message: 'TCP ports need a framing' });
  if (!s.tcpPorts.length && !s.udpPorts.length && !s.heuristic) ctx.addIssue({ code: 'custom', path: ['tcpPorts'], message: 'give ports or a heuristic' });
  const names = new Set(s.fields.map((f) => f.name));
  if (s.fragmentation) {
    const f = s.fragmentation;
    for (const [k, v] of [['messageId', f.messageId], ['fragmentNumber', f.fragmentNumber], ['count', f.count], ['lastFlag', f.lastFlag?.field], ['fragmentFlag', f.fragmentFlag?.field]] as const) {
      if (v !== undefined && !names.has(v)) ctx.addIssue({ code: 'custom', path: ['fragmentation', k], message: `no field named ${v}` });
    }
  }
});

export type DissectorSpec = z.output<typeof dissectorSpecSchema>;
export type FieldSpec = z.output<typeof fieldSpec>;

export class SpecError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

/** Line (1-based) of a JSON parse error position, when the message gives one. */
function jsonLine(text: string, err: Error): number | undefined {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return undefined;
  return text.slice(0, Number(m[1])).split('\n').length;
}

/** Line of the key at `path` in the source text (best effort: the last path key's first occurrence after its parents). */
function pathLine(text: string, path: readonly PropertyKey[]): number | undefined {
  let from = 0;
  for (const k of path) {
    if (typeof k !== 'string') continue;
    const re = new RegExp(`["']?${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`, 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) break;
    from = m.index;
  }
  return from > 0 ? text.slice(0, from).split('\n').length : undefined;
}

/** Parses and validates a spec; errors name the file's line where they can. */
export function parseSpec(text: string, fileName: string): DissectorSpec {
  let raw: unknown;
  if (/\.ya?ml$/i.test(fileName)) {
    try {
      raw = parseYaml(text, { maxAliasCount: 16 });
    } catch (e) {
      if (e instanceof YAMLParseError) throw new SpecError(e.message.split('\n')[0], e.linePos?.[0]?.line);
      throw e;
    }
  } else {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new SpecError(`invalid JSON: ${(e as Error).message}`, jsonLine(text, e as Error));
    }
  }
  const r = dissectorSpecSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : '(spec)';
    throw new SpecError(`${where}: ${issue.message}`, pathLine(text, issue.path));
  }
  return r.data;
}

/** Bytes of a magic/delimiter spec. */
export function specBytes(b: string | { hex: string }): Uint8Array {
  if (typeof b === 'string') return new TextEncoder().encode(b);
  const out = new Uint8Array(b.hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(b.hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
