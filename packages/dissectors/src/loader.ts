/**
 * Loads a dissector folder: every declarative spec (.json, .yaml, .yml) and Wireshark Lua file (.lua),
 * in subfolders too (three levels), in path order. A file that fails to load is listed with its error
 * (and line) and the others still load; a protocol name already taken is an error of the later file.
 * Each file is identified by its SHA-256, which the case records with the PDUs it produced.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DeclarativeProtocol } from './declarative.js';
import { LuaFile, type LuaEndpoints, type LuaRunError } from './lua/lua-protocol.js';
import { LuaDissectorState, LuaLoadError, type LuaLimits } from './lua/runtime.js';
import { parseSpec, SpecError } from './spec.js';
import type { DissectorField, DissectorFile, UserProtocol } from './types.js';

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const SPEC = /\.(json|ya?ml)$/i;

export interface LoadOptions {
  /** Files (relative to the folder, or protocol names) to list but not run. */
  disabled?: readonly string[];
  lua?: LuaLimits;
  /** Field names already taken (the built-in registry): a dissector field with one of them is a load error. */
  reservedField?: (name: string) => boolean;
}

export type EndpointResolver = (stream: number, dir: 0 | 1, transport: 'tcp' | 'udp') => LuaEndpoints;

export class DissectorSet {
  readonly files: DissectorFile[] = [];
  readonly protocols: UserProtocol[] = [];
  private readonly lua: { file: DissectorFile; lua: LuaFile }[] = [];
  private resolver: EndpointResolver = () => ({ src: '', dst: '', srcPort: 0, dstPort: 0 });

  /** Fields of every enabled protocol. */
  fields(): DissectorField[] {
    return this.protocols.flatMap((p) => p.fields);
  }

  /** Where Lua dissectors learn a stream's addresses and ports (Pinfo.src/dst/src_port/dst_port). */
  setEndpoints(r: EndpointResolver): void {
    this.resolver = r;
  }

  resolve: EndpointResolver = (s, d, t) => this.resolver(s, d, t);

  addLua(file: DissectorFile, lua: LuaFile): void {
    this.lua.push({ file, lua });
  }

  /** Run-time errors of Lua dissectors (Lua errors, limit hits), per file. */
  runErrors(): { file: string; count: number; disabled: boolean; errors: LuaRunError[] }[] {
    return this.lua.filter((l) => l.lua.errorCount > 0).map((l) => ({ file: l.file.file, count: l.lua.errorCount, disabled: l.lua.disabled, errors: l.lua.errors }));
  }

  /** Name + sha256 of each enabled file that defines protocols (what the case records). */
  identities(): { name: string; file: string; kind: string; sha256: string }[] {
    return this.files.filter((f) => f.enabled && !f.error).flatMap((f) => f.names.map((name) => ({ name, file: f.file, kind: f.kind, sha256: f.sha256 })));
  }

  close(): void {
    for (const l of this.lua) l.lua.close();
  }
}

function walk(dir: string, depth: number, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) { if (depth < 3 && !name.startsWith('.') && name !== 'node_modules') walk(p, depth + 1, out); continue; }
    if (st.isFile() && (SPEC.test(name) || /\.lua$/i.test(name))) out.push(p);
  }
}

export async function loadDissectorFolder(dir: string, options: LoadOptions = {}): Promise<DissectorSet> {
  const set = new DissectorSet();
  const root = path.resolve(dir);
  if (!statSync(root).isDirectory()) throw new Error(`dissector folder ${root} is not a folder`);
  const paths: string[] = [];
  walk(root, 0, paths);
  const disabled = new Set(options.disabled ?? []);
  const taken = new Map<string, string>();
  const takenFields = new Set<string>();
  for (const p of paths) {
    const rel = path.relative(root, p);
    const st = statSync(p);
    const entry: DissectorFile = { names: [], file: rel, kind: SPEC.test(p) ? 'declarative' : 'lua', sha256: '', enabled: !disabled.has(rel) };
    set.files.push(entry);
    if (st.size > MAX_FILE_BYTES) { entry.error = { message: `larger than ${MAX_FILE_BYTES} bytes` }; continue; }
    const bytes = readFileSync(p);
    entry.sha256 = createHash('sha256').update(bytes).digest('hex');
    const text = bytes.toString('utf8');
    let protos: UserProtocol[] = [];
    let lua: LuaFile | null = null;
    try {
      if (entry.kind === 'declarative') {
        const spec = parseSpec(text, p);
        entry.names = [spec.name];
        if (entry.enabled && !disabled.has(spec.name)) protos = [new DeclarativeProtocol(spec)];
      } else {
        if (!entry.enabled) { entry.names = []; continue; }
        const state = await LuaDissectorState.load(rel, text, options.lua);
        lua = new LuaFile(state);
        protos = lua.protocols((s, d, t) => set.resolve(s, d, t)).filter((x) => !disabled.has(x.name));
        entry.names = state.manifest.protos.map((x) => x.name.toLowerCase());
      }
      for (const x of protos) {
        const other = taken.get(x.name);
        if (other) throw new SpecError(`protocol ${x.name} is already defined by ${other}`);
        for (const f of x.fields) {
          if (takenFields.has(f.abbr) || options.reservedField?.(f.abbr)) throw new SpecError(`field ${f.abbr} already exists`);
        }
      }
    } catch (e) {
      lua?.close();
      if (e instanceof SpecError || e instanceof LuaLoadError) { entry.error = { message: e.message, ...(e.line !== undefined ? { line: e.line } : {}) }; continue; }
      throw e;
    }
    for (const x of protos) {
      taken.set(x.name, rel);
      for (const f of x.fields) takenFields.add(f.abbr);
      set.protocols.push(x);
    }
    if (lua) set.addLua(entry, lua);
  }
  return set;
}
