/**
 * The contract fuzzed through both transports: the desktop main process's IPC handlers (every request
 * channel plus the two dialog channels) and the loopback WebSocket server. Seeded malformed payloads —
 * wrong types, huge strings, prototype-pollution keys, deep nesting, NaN/Infinity, arrays for objects,
 * missing and unknown keys, unknown methods — must each come back as a typed error; a spy engine
 * proves nothing reached it, and Object.prototype stays clean. WIREWHO_CONTRACT_FUZZ (default 10,000)
 * payloads per transport, spread evenly over every channel; WIREWHO_CONTRACT_FUZZ_SEED (default 1).
 * Long run: WIREWHO_CONTRACT_FUZZ=160000 (10,000 per channel).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  MAX_WS_MESSAGE_BYTES, requestChannel, requestNames, requestSchemas, saveStreamArgsSchema, exportToArgsSchema, validateRequest, type IpcInvokeEventLike, type RequestName, type WirewhoService,
} from '@wirewho/contract';
import { startWsServer, type RunningWsServer } from '@wirewho/contract/ws-server';
import { registerAppIpc } from '../../apps/desktop/src/main/ipc.js';
import { EXPORT_PACKETS_DIALOG_CHANNEL, OPEN_CAPTURE_DIALOG_CHANNEL, SAVE_STREAM_DIALOG_CHANNEL } from '../../apps/desktop/src/shared/channels.js';

const PER_TRANSPORT = Number(process.env.WIREWHO_CONTRACT_FUZZ ?? 10_000);
const SEED = Number(process.env.WIREWHO_CONTRACT_FUZZ_SEED ?? 1);
const TYPED = new Set(['invalid-argument', 'unknown-method']);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Shape = Record<string, { safeParse(v: unknown): { success: boolean } }>;
const shapeOf = (name: RequestName) => (requestSchemas[name] as unknown as { shape: Shape }).shape;

/** A spy engine: every method records its call. */
function spyService(): { service: WirewhoService; calls: { name: string; args: unknown }[] } {
  const calls: { name: string; args: unknown }[] = [];
  const service = Object.fromEntries(requestNames.map((name) => [name, async (args: unknown) => {
    calls.push({ name, args });
    return { spied: true };
  }])) as unknown as WirewhoService;
  return { service, calls };
}

/** Values that fit no scalar field and no object schema either. */
const JUNK: unknown[] = [NaN, Infinity, -Infinity, [], [1, 2, 3], [[[]]], true, () => 1];

/** Past every bound of the contract (paths 4096, job ids 64, filters 100,001 characters), and the WebSocket limit. */
const HUGE_SIZES = [65, 4097, 60_000, 100_002, 1_000_000];
const hugeStrings = new Map<number, string>();
const hugeString = (n: number): string => {
  let s = hugeStrings.get(n);
  if (s === undefined) hugeStrings.set(n, s = 'A'.repeat(n));
  return s;
};

function deep(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/**
 * One malformed payload for a channel whose argument object has `shape`. Every kind is malformed by
 * construction (no schema consulted), except 'huge' and 'junk-field', which the caller checks.
 */
function malformed(random: () => number, shape: Shape, maxString: number): { kind: string; args: unknown; extra?: unknown[] } {
  const keys = Object.keys(shape);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const base = (): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (const k of keys) o[k] = pick([0, 1, 7, 'tcp', 'client', 'x', 2 ** 40 + 1, -1, '', true]);
    return o;
  };
  const required = keys.filter((k) => !shape[k].safeParse(undefined).success);
  const kinds = ['not-object', 'array', 'pollution', 'nesting', 'unknown-key', 'nan', 'huge', 'junk-field', 'extra-arg'];
  if (required.length) kinds.push('missing');
  const kind = pick(kinds);
  switch (kind) {
    case 'not-object': return { kind, args: pick([0, -1, 3.5, 'framesPage', '', true, false, 2 ** 64, '{"offset":0}']) };
    case 'array': return { kind, args: pick([[], [base()], [1, 2], keys]) };
    case 'pollution': {
      const key = pick(['__proto__', 'constructor', 'prototype']);
      const where = random() < 0.5 ? '' : 'deep';
      const text = where ? `{"x":{"${key}":{"polluted":true}}}` : `{"${key}":{"polluted":true}}`;
      return { kind, args: Object.assign(JSON.parse(text) as object, random() < 0.5 ? base() : {}) };
    }
    case 'nesting': return { kind, args: { ...base(), nested: deep(9 + Math.floor(random() * 3000)) } };
    case 'unknown-key': return { kind, args: { ...base(), [pick(['sql', 'path2', 'toString', 'valueOf', 'hasOwnProperty', 'a'.repeat(300)])]: 1 } };
    case 'nan': {
      if (keys.length === 0) return { kind: 'unknown-key', args: { n: NaN } };
      return { kind, args: { ...base(), [pick(keys)]: pick([NaN, Infinity, -Infinity]) } };
    }
    case 'missing': {
      const o = base();
      delete o[pick(required)];
      return { kind, args: o };
    }
    case 'huge': {
      const o = base();
      o[keys.length ? pick(keys) : 'huge'] = hugeString(pick(HUGE_SIZES.filter((n) => n <= maxString)));
      return { kind, args: o };
    }
    case 'junk-field': {
      const o = base();
      o[keys.length ? pick(keys) : 'junk'] = pick(JUNK);
      return { kind, args: o };
    }
    default: return { kind: 'extra-arg', args: base(), extra: [pick([{}, 'x', 1])] };
  }
}

const trustedEvent: IpcInvokeEventLike = { sender: { id: 1 }, senderFrame: { url: 'file:///app/out/renderer/index.html' } };
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join(',');

describe('contract fuzz', () => {
  const before = prototypeKeys();
  let ws: RunningWsServer;
  const wsSpy = spyService();

  beforeAll(async () => {
    ws = await startWsServer({ service: wsSpy.service, token: 'fuzz-token-000000000000' });
  });
  afterAll(async () => { await ws?.close(); });

  it(`refuses ${PER_TRANSPORT} malformed payloads over every IPC channel with typed errors; nothing reaches the engine`, async () => {
    const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    const spy = spyService();
    const dialogCalls: unknown[] = [];
    registerAppIpc({
      ipcMain: { handle: (c, h) => { handlers.set(c, h); }, removeHandler: (c) => { handlers.delete(c); } },
      service: spy.service,
      isTrustedSender: () => true,
      pickCaptureFile: async () => { dialogCalls.push('pick'); return null; },
      saveStream: async (a) => { dialogCalls.push(a); return null; },
      exportPacketsTo: async (a) => { dialogCalls.push(a); return null; },
    });
    const random = rng(SEED);
    let refused = 0;
    let acceptedByChance = 0;
    const channels: { channel: string; name: RequestName | null; shape: Shape }[] = [
      ...requestNames.map((name) => ({ channel: requestChannel(name), name, shape: shapeOf(name) })),
      { channel: SAVE_STREAM_DIALOG_CHANNEL, name: null, shape: saveStreamArgsSchema.shape },
      { channel: EXPORT_PACKETS_DIALOG_CHANNEL, name: null, shape: exportToArgsSchema.options[1].shape },
    ];
    const perChannel = Math.ceil(PER_TRANSPORT / (channels.length + 1));
    for (const { channel, name, shape } of channels) {
      const handler = handlers.get(channel)!;
      for (let i = 0; i < perChannel; i++) {
        const p = malformed(random, shape, 2_000_000);
        if (name && (p.kind === 'huge' || p.kind === 'junk-field') && isValid(name, p.args)) { acceptedByChance++; continue; }
        const reply = await handler(trustedEvent, p.args, ...(p.extra ?? [])) as { ok: boolean; error?: { code: string } };
        expect(reply.ok, `${channel} ${p.kind}`).toBe(false);
        expect(TYPED.has(reply.error!.code), `${channel} ${p.kind}: ${JSON.stringify(reply.error)}`).toBe(true);
        refused++;
      }
    }
    // The open dialog takes no argument at all: anything is refused.
    const open = handlers.get(OPEN_CAPTURE_DIALOG_CHANNEL)!;
    for (let i = 0; i < perChannel; i++) {
      const p = malformed(random, {}, 2_000_000);
      const reply = await open(trustedEvent, p.args) as { ok: boolean; error?: { code: string } };
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      refused++;
    }
    expect(spy.calls).toEqual([]);
    expect(dialogCalls).toEqual([]);
    expect(prototypeKeys()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.log(`contract fuzz (IPC): ${refused} malformed payloads refused with typed errors on ${channels.length + 1} channels, `
      + `${acceptedByChance} random values that happened to be valid skipped, 0 reached the engine`);
  });

  it(`refuses ${PER_TRANSPORT} malformed payloads over every WebSocket method, plus unknown methods`, async () => {
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`ws://127.0.0.1:${ws.port}/api?token=${ws.token}`);
      s.on('open', () => resolve(s));
      s.on('error', reject);
    });
    const pending = new Map<number, (reply: { ok: boolean; error?: { code: string } }) => void>();
    socket.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString()) as { id: number; ok: boolean; error?: { code: string } };
      pending.get(reply.id)?.(reply);
      pending.delete(reply.id);
    });
    let id = 0;
    /** Sends a request and resolves with the reply to `replyId` (0: a request whose envelope is broken). */
    const send = (text: string, replyId = id) => new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => {
      pending.set(replyId, resolve);
      socket.send(text);
    });
    const random = rng(SEED + 1);
    let refused = 0;
    let acceptedByChance = 0;
    const methods: RequestName[] = [...requestNames];
    const perMethod = Math.ceil(PER_TRANSPORT / methods.length);
    for (const method of methods) {
      const shape = shapeOf(method);
      const batch: Promise<void>[] = [];
      for (let i = 0; i < perMethod; i++) {
        // Leave room for the envelope under the message limit (oversize frames are closed: serve.test.ts).
        const p = malformed(random, shape, MAX_WS_MESSAGE_BYTES - 1024);
        // No positional arguments on the wire: the extra one rides as an unknown key instead.
        if (p.extra) p.args = { ...(p.args as object), extra: p.extra };
        const text = JSON.stringify({ id: ++id, method, args: p.args });
        // On the wire NaN becomes null and functions vanish: judge what is actually sent.
        if ((p.kind === 'huge' || p.kind === 'junk-field' || p.kind === 'nan') && isValid(method, (JSON.parse(text) as { args: unknown }).args)) {
          acceptedByChance++;
          continue;
        }
        const kind = p.kind;
        batch.push(send(text).then((reply) => {
          expect(reply.ok, `${method} ${kind}`).toBe(false);
          expect(TYPED.has(reply.error!.code), `${method} ${kind}: ${JSON.stringify(reply.error)}`).toBe(true);
          refused++;
        }));
        if (batch.length >= 200) await Promise.all(batch.splice(0));
      }
      await Promise.all(batch);
    }
    // Unknown and prototype method names, broken envelopes.
    for (const text of ['{"id":1,"method":"__proto__","args":{}}', '{"id":1,"method":"constructor","args":{}}',
      '{"id":1,"method":"toString","args":{}}', '{"id":1,"method":"hasOwnProperty","args":{}}', '{"id":1,"method":"dropTables"}',
      '{"id":1,"method":null}', '{"id":1,"method":["caseSummary"]}', '{"id":1}', 'null', '"caseSummary"', '{"id":NaN}',
      '{"id":1,"method":"caseSummary","args":{"a":1},"__proto__":{"polluted":true}}']) {
      const reply = await send(text, /"id":1[,}]/.test(text) ? 1 : 0);
      expect(reply.ok, text).toBe(false);
      expect(TYPED.has(reply.error!.code), `${text}: ${JSON.stringify(reply.error)}`).toBe(true);
      refused++;
    }
    socket.close();
    expect(wsSpy.calls).toEqual([]);
    expect(prototypeKeys()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    console.log(`contract fuzz (WebSocket): ${refused} malformed payloads refused with typed errors on ${methods.length} methods, `
      + `${acceptedByChance} random values that happened to be valid skipped, 0 reached the engine`);
  });
});

function isValid(name: RequestName, args: unknown): boolean {
  try {
    validateRequest(name, args);
    return true;
  } catch {
    return false;
  }
}
