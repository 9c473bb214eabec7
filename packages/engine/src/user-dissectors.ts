/**
 * A dissector folder put to work in this process: its protocols join the ingest's application
 * protocols (before the built-ins, as a Wireshark dissector added to a port replaces the built-in one),
 * its fields join the filter registry (so `crap.length == 8` compiles, autocompletes and is listed),
 * and Lua dissectors learn stream endpoints for Pinfo. One folder at a time; loading another (or
 * unloading) takes the previous one's protocols and fields out again. A case remembers the dissectors
 * (and their fields) its PDUs came from, so its filters work when it is reopened without the folder.
 */
import { defaultRegistry, frameField, type FieldDef, type FieldType } from '@wirewho/filter';
import { loadDissectorFolder, type DissectorField, type DissectorSet, type LoadOptions } from '@wirewho/dissectors';
import { listDissectors, recordDissectors, type CaseIndex } from '@wirewho/index';
import { setUserProtocols, userStreamEndpoints } from './app-protocols.js';

let active: { set: DissectorSet; unregister: () => void } | null = null;
let fromCase: (() => void) | null = null;

/**
 * Registry definitions of one protocol's fields (values in frame_fields under their own names). The
 * protocol itself is present where its first field is, like dns (dns.id) and tls (record type).
 */
function protocolDefs(fields: readonly { abbr: string; type: string; name: string }[]): FieldDef[] {
  const out: FieldDef[] = [];
  const first = fields.find((f) => f.type !== 'FT_PROTOCOL');
  for (const f of fields) {
    if (f.type === 'FT_PROTOCOL') {
      if (first && first.abbr.startsWith(`${f.abbr}.`)) out.push({ name: f.abbr, type: 'FT_PROTOCOL', description: `${f.name} (a PDU ends in this frame)`, location: frameField(first.abbr) });
      continue;
    }
    out.push({ name: f.abbr, type: f.type as FieldType, description: f.name, location: frameField(f.abbr) });
  }
  return out;
}

function register(defs: FieldDef[]): () => void {
  return defaultRegistry.register(defs.filter((d) => !defaultRegistry.has(d.name)));
}

export async function loadUserDissectors(dir: string, options: LoadOptions = {}): Promise<DissectorSet> {
  unloadUserDissectors();
  fromCase?.();
  fromCase = null;
  const set = await loadDissectorFolder(dir, { ...options, reservedField: (n) => defaultRegistry.has(n) });
  set.setEndpoints((stream, d, transport) => userStreamEndpoints(stream, d, transport));
  const unregister = register(set.protocols.flatMap((p) => protocolDefs(p.fields)));
  setUserProtocols(set.protocols);
  active = { set, unregister };
  return set;
}

export function activeUserDissectors(): DissectorSet | null {
  return active?.set ?? null;
}

export function unloadUserDissectors(): void {
  if (!active) return;
  active.unregister();
  setUserProtocols([]);
  active.set.close();
  active = null;
}

/** Records in the case which dissectors (and fields) were loaded for an evidence file's ingest. */
export function recordUserDissectors(index: CaseIndex, evidenceId: number): void {
  const set = active?.set;
  if (!set) return;
  const fieldsOf = new Map(set.protocols.map((p) => [p.name, p.fields]));
  recordDissectors(index.db, evidenceId, set.identities().map((d) => ({
    ...d, kind: d.kind as 'declarative' | 'lua',
    fields: (fieldsOf.get(d.name) ?? []).map((f: DissectorField): [string, string, string] => [f.abbr, f.type, f.name]),
  })));
}

/** Registers the fields of the dissectors a case recorded (not already known), for its filters. */
export function registerCaseDissectorFields(index: CaseIndex): void {
  if (active) return;
  let rows;
  try { rows = listDissectors(index.db); } catch { return; /* a case made before the dissectors table */ }
  const defs: FieldDef[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const d of protocolDefs(r.fields.map(([abbr, type, name]) => ({ abbr, type, name })))) {
      if (!seen.has(d.name)) { seen.add(d.name); defs.push(d); }
    }
  }
  fromCase?.();
  fromCase = register(defs);
}
