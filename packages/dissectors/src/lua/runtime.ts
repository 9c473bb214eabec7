/**
 * One Lua dissector file in its own sandboxed Lua 5.4 state (wasmoon: Lua compiled to WebAssembly):
 * only the base, string, table, math and utf8 libraries (no io, os, package, debug, load), memory
 * capped by the state's allocator, CPU capped per call by an instruction-count hook (and a wall-clock
 * check in the same hook). The Wireshark API is the Lua prelude; calls cross as a binary Lua string
 * (the buffer) and a JSON answer.
 */
import { LuaFactory, LuaLibraries, type LuaEngine } from 'wasmoon';
import { checkLuaApi } from './api-check.js';
import { LUA_PRELUDE } from './prelude.js';
import { expandItems, prepareFields, type CompactItem, type LuaFieldDef, type PreparedField } from './items.js';

export interface LuaLimits {
  /** Lua VM instructions per call (default 20 million). */
  instructions?: number;
  /** Wall-clock milliseconds per call (default 1000). */
  milliseconds?: number;
  /** Bytes the state may allocate (default 64 MiB). */
  memoryBytes?: number;
}

export class LuaLoadError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}

export class LuaCallError extends Error {
  constructor(message: string, readonly kind: 'cpu' | 'memory' | 'error') {
    super(message);
  }
}

export interface LuaManifest {
  protos: { name: string; desc: string; dissector: boolean; fields: [string, string, string][] }[];
  /** [table, from port, to port, proto index (1-based)] */
  ports: [string, number, number, number][];
  heuristics: [string, number][];
  post: number[];
  extractors: string[];
  /** Every ProtoField the file made, by id (1-based). */
  fieldDefs: LuaFieldDef[];
}

/** Packet metadata a call sees through Pinfo. */
export interface LuaPacketMeta {
  number: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  transport: 'tcp' | 'udp' | '';
  stream: number;
  canDesegment: boolean;
}

/** A tree item: [parent id (0 root), kind, abbr, text, value, ftype, offset (-1 unknown), length, display]. */
export type LuaItem = [number, 'proto' | 'field' | 'text', string | null, string, unknown, string | null, number, number, string | null];

export interface LuaCallResult {
  ret: number;
  dlen: number;
  doff: number;
  protocol: string | null;
  info: string | null;
  items: LuaItem[];
}

let factory: LuaFactory | null = null;

interface RawExports {
  _lua_settop(L: number, idx: number): void;
  _lua_rawgeti(L: number, idx: number, n: bigint): number;
  _lua_pushinteger(L: number, n: bigint): void;
  _lua_pushlstring(L: number, p: number, n: number): number;
  _lua_tointegerx(L: number, idx: number, isnum: number): bigint;
  _lua_type(L: number, idx: number): number;
}

/** Lua's registry pseudo-index (-LUAI_MAXSTACK - 1000). */
const LUA_REGISTRYINDEX = -1_000_000 - 1000;
const HOOK_EVERY = 10_000;

type Raw = LuaEngine['global']['lua'];

/** Bytes of a JSON string whose characters are all < 256 (the prelude escapes bytes as \u00XX). */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Lua error text without the sandbox's own chunk positions; the line of the user's file when given. */
function cleanError(msg: string, chunk: string): { message: string; line?: number } {
  const m = new RegExp(`${chunk.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+): `).exec(msg);
  return { message: msg.replace(/^\[string "wirewho"\]:\d+: /, ''), line: m ? Number(m[1]) : undefined };
}

export class LuaDissectorState {
  private budget = 0;
  private deadline = 0;
  private stop: 'cpu' | null = null;
  private readonly hook: number;
  private closed = false;
  /** Registry reference of the prelude's call function (taken before the user's file runs, which cannot replace it). */
  private callRef = 0n;
  private scratch = 0;
  private fields: PreparedField[] | null = null;
  private scratchSize = 0;

  private constructor(
    private readonly engine: LuaEngine,
    readonly file: string,
    readonly manifest: LuaManifest,
    private readonly limits: Required<LuaLimits>,
    hook: number,
  ) {
    this.hook = hook;
  }

  static async load(file: string, source: string, limits: LuaLimits = {}): Promise<LuaDissectorState> {
    const problems = checkLuaApi(source);
    if (problems.length) throw new LuaLoadError(`${file}:${problems[0].line}: ${problems[0].message}`, problems[0].line);
    factory ??= new LuaFactory();
    const engine = await factory.createEngine({ openStandardLibs: false, injectObjects: false, enableProxy: false, traceAllocations: true });
    const g = engine.global;
    for (const lib of [LuaLibraries.Base, LuaLibraries.String, LuaLibraries.Table, LuaLibraries.Math, LuaLibraries.UTF8]) g.loadLibrary(lib);
    const lim: Required<LuaLimits> = { instructions: 20_000_000, milliseconds: 1000, memoryBytes: 64 * 1024 * 1024, ...limits };
    // string.dump would hand out bytecode; the base library's loaders are removed by the prelude's guard.
    engine.doStringSync('string.dump = nil; dofile = nil; loadfile = nil; load = nil; collectgarbage = nil');
    let state: LuaDissectorState | null = null;
    const lua = g.lua;
    const hook = lua.module.addFunction((L: number) => {
      if (state === null) return;
      state.budget -= HOOK_EVERY;
      if (state.budget < 0 || Date.now() > state.deadline) {
        state.stop = 'cpu';
        lua.lua_pushstring(L, `CPU limit exceeded (${lim.instructions} instructions or ${lim.milliseconds} ms per call)`);
        lua.lua_error(L);
      }
    }, 'vii');
    // Every 10,000 instructions: the limit's granularity, and few calls out of the VM.
    lua.lua_sethook(g.address, hook, 8 /* count */, HOOK_EVERY);
    const chunk = file.split(/[\\/]/).pop() ?? file;
    const s = new LuaDissectorState(engine, file, { protos: [], ports: [], heuristics: [], post: [], extractors: [], fieldDefs: [] }, lim, hook);
    state = s;
    try {
      s.arm();
      s.runChunk(LUA_PRELUDE, '=wirewho');
      lua.lua_getglobal(g.address, '__ww_call');
      s.callRef = BigInt(lua.luaL_ref(g.address, LUA_REGISTRYINDEX));
      g.setMemoryMax(lim.memoryBytes);
      s.arm();
      s.runChunk(source, `@${chunk}`);
      s.arm();
      const manifest = JSON.parse(s.callString('__ww_manifest', [])) as LuaManifest;
      (s as { manifest: LuaManifest }).manifest = manifest;
    } catch (e) {
      s.close();
      const { message, line } = cleanError(e instanceof Error ? e.message : String(e), chunk);
      throw new LuaLoadError(message.startsWith(chunk) ? message : `${chunk}: ${message}`, line);
    }
    return s;
  }

  private arm(): void {
    this.budget = this.limits.instructions;
    this.deadline = Date.now() + this.limits.milliseconds;
    this.stop = null;
  }

  private get lua(): Raw {
    return this.engine.global.lua;
  }

  /** Loads and runs a chunk; throws with Lua's message. */
  private runChunk(code: string, name: string): void {
    const g = this.engine.global;
    const lua = this.lua;
    const bytes = new TextEncoder().encode(code);
    const ptr = lua.module._malloc(bytes.length + 1);
    try {
      lua.module.HEAPU8.set(bytes, ptr);
      const st = lua.luaL_loadbufferx(g.address, ptr, bytes.length, name, 't');
      if (Number(st) !== 0) {
        const msg = lua.lua_tolstring(g.address, -1, null);
        lua.lua_settop(g.address, 0);
        throw new Error(msg);
      }
    } finally {
      lua.module._free(ptr);
    }
    this.pcall(0);
    lua.lua_settop(g.address, 0);
  }

  /** Calls a global function with string arguments (the first may be bytes); returns its string result. */
  private callString(fn: string, args: (string | Uint8Array)[]): string {
    const g = this.engine.global;
    const lua = this.lua;
    lua.lua_settop(g.address, 0);
    lua.lua_getglobal(g.address, fn);
    const ptrs: number[] = [];
    try {
      for (const a of args) {
        const bytes = typeof a === 'string' ? new TextEncoder().encode(a) : a;
        const ptr = lua.module._malloc(Math.max(1, bytes.length));
        ptrs.push(ptr);
        lua.module.HEAPU8.set(bytes, ptr);
        lua.lua_pushlstring(g.address, ptr, bytes.length);
      }
    } finally {
      for (const p of ptrs) lua.module._free(p);
    }
    this.pcall(args.length);
    const out = lua.lua_tolstring(g.address, -1, null);
    lua.lua_settop(g.address, 0);
    return out;
  }

  private pcall(nargs: number, nresults = 1): void {
    const g = this.engine.global;
    const lua = this.lua;
    const st = lua.lua_pcallk(g.address, nargs, nresults, 0, 0, null);
    if (st === 0) return;
    const msg = Number(lua.lua_type(g.address, -1)) === 4 /* string */ ? lua.lua_tolstring(g.address, -1, null) : 'error object is not a string';
    lua.lua_settop(g.address, 0);
    if (st === 4) throw new LuaCallError(`memory limit exceeded (${this.limits.memoryBytes} bytes): ${msg}`, 'memory');
    if (this.stop === 'cpu') throw new LuaCallError(msg.replace(/^.*?(CPU limit)/, '$1'), 'cpu');
    throw new LuaCallError(msg, 'error');
  }

  /**
   * Runs a dissector: kind 'p' = protocol i's dissector, 'h' = heuristic i, 'q' = post-dissector i
   * (1-based, as in the manifest). Throws LuaCallError (a Lua error, the CPU or the memory limit).
   */
  call(kind: 'p' | 'h' | 'q', index: number, data: Uint8Array, meta: LuaPacketMeta): LuaCallResult {
    if (this.closed) throw new LuaCallError('dissector closed', 'error');
    const L = this.engine.global.address;
    const lua = this.lua;
    // Raw exports where no conversion is needed (wasmoon's cwrap wrappers cost more than the call).
    const raw = lua.module as unknown as RawExports;
    raw._lua_settop(L, 0);
    raw._lua_rawgeti(L, LUA_REGISTRYINDEX, this.callRef);
    raw._lua_pushinteger(L, kind === 'p' ? 1n : kind === 'h' ? 2n : 3n);
    raw._lua_pushinteger(L, BigInt(index));
    // The buffer goes in once, through a scratch area of the VM's heap kept between calls.
    if (data.length > this.scratchSize) {
      if (this.scratch) lua.module._free(this.scratch);
      this.scratchSize = Math.max(4096, data.length * 2);
      this.scratch = lua.module._malloc(this.scratchSize);
    }
    lua.module.HEAPU8.set(data, this.scratch);
    raw._lua_pushlstring(L, this.scratch, data.length);
    raw._lua_pushinteger(L, BigInt(meta.number));
    lua.lua_pushstring(L, meta.src);
    lua.lua_pushstring(L, meta.dst);
    raw._lua_pushinteger(L, BigInt(meta.srcPort));
    raw._lua_pushinteger(L, BigInt(meta.dstPort));
    raw._lua_pushinteger(L, meta.canDesegment ? 2n : 0n);
    raw._lua_pushinteger(L, meta.transport === 'tcp' ? 1n : meta.transport === 'udp' ? 2n : 0n);
    raw._lua_pushinteger(L, BigInt(meta.stream));
    this.arm();
    this.pcall(11, 4);
    const ret = Number(raw._lua_tointegerx(L, 1, 0));
    const dlen = Number(raw._lua_tointegerx(L, 2, 0));
    const doff = Number(raw._lua_tointegerx(L, 3, 0));
    const json = raw._lua_type(L, 4) === 4 /* string */ ? lua.lua_tolstring(L, 4, null) : null;
    raw._lua_settop(L, 0);
    if (json === null) return { ret, dlen, doff, protocol: null, info: null, items: [] };
    const r = JSON.parse(json) as { protocol: string | null; info: string | null; items: CompactItem[] };
    this.fields ??= prepareFields(this.manifest.fieldDefs);
    return { ret, dlen, doff, protocol: r.protocol, info: r.info, items: expandItems(r.items, data, this.fields, this.manifest.protos) };
  }

  /** Runs every Proto.init (Wireshark calls them before a capture is read). */
  init(): void {
    this.arm();
    this.callString('__ww_init', []);
  }

  memoryUsed(): number {
    return this.engine.global.getMemoryUsed();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.scratch) this.lua.module._free(this.scratch);
    this.lua.lua_sethook(this.engine.global.address, null, 0, 0);
    this.lua.module.removeFunction(this.hook);
    this.engine.global.close();
  }
}
