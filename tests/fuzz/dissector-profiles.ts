/**
 * The user dissectors a fuzz case can run with, loaded once per process (loading the Lua VM per case
 * would dominate the run): the built-in app protocols alone, the declarative crap + frag specs, and
 * the Lua crap + frag spec. Lua and declarative crap both claim `crap`, so they never share a profile.
 */
import path from 'node:path';
import { loadDissectorFolder, type DissectorSet, type UserProtocol } from '@wirewho/dissectors';
import { userStreamEndpoints } from '@wirewho/engine';
import { repoRoot } from '../helpers/corpus.js';

export const EXAMPLES = path.join(repoRoot, 'resources/dissectors/examples');

export interface DissectorProfile {
  name: string;
  protocols: readonly UserProtocol[];
}

export interface LoadedProfiles {
  profiles: DissectorProfile[];
  /** Lua files switched off after repeated CPU/memory limit hits (a fuzz finding: the file stops dissecting). */
  luaSwitchedOff(): string[];
  close(): void;
}

/** A short Lua budget so a runaway dissector costs a case milliseconds, not seconds. */
const LUA_LIMITS = { milliseconds: 200 };

export async function loadProfiles(): Promise<LoadedProfiles> {
  const sets: DissectorSet[] = [];
  const load = async (sub: string) => {
    const set = await loadDissectorFolder(path.join(EXAMPLES, sub), { lua: LUA_LIMITS });
    const broken = set.files.filter((f) => f.error);
    if (broken.length) throw new Error(`example dissector failed to load: ${broken.map((f) => `${f.file}: ${f.error!.message}`).join('; ')}`);
    set.setEndpoints((stream, dir, transport) => userStreamEndpoints(stream, dir, transport));
    sets.push(set);
    return set.protocols;
  };
  const declarative = await load('declarative');
  const lua = await load('lua');
  const frag = await load('udp-fragments');
  return {
    profiles: [
      { name: 'built-in', protocols: [] },
      { name: 'declarative crap + frag', protocols: [...declarative, ...frag] },
      { name: 'lua crap + frag', protocols: [...lua, ...frag] },
    ],
    luaSwitchedOff: () => sets.flatMap((s) => s.runErrors().filter((e) => e.disabled).map((e) => e.file)),
    close: () => { for (const s of sets) s.close(); },
  };
}
