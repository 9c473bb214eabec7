/** Deterministic fuzz cases: case i of seed S is always the same bytes and profile, so every finding replays. */
import { isDissectorExample, seedCaptures } from './corpus-seeds.js';
import { MUTATORS, rng } from './mutate.js';

const mutators = Object.entries(MUTATORS);
let seeds: ReturnType<typeof seedCaptures> | undefined;
/** Profiles of dissector-profiles.ts: 0 built-in only, 1 declarative crap + frag, 2 Lua crap + frag. */
export const PROFILE_COUNT = 3;

export interface FuzzCase { label: string; bytes: Uint8Array; profile: number }

export function makeCase(seed: number, i: number): FuzzCase {
  seeds ??= seedCaptures();
  const r = rng(seed + i);
  // The example dissectors' captures are few among many corpus captures: pick one in five cases.
  const examples = seeds.filter((s) => isDissectorExample(s.name));
  const pool = examples.length && r() < 0.2 ? examples : seeds;
  const base = pool[Math.floor(r() * pool.length)];
  const [mutatorName, mutate] = mutators[Math.floor(r() * mutators.length)];
  let bytes = mutate(base.bytes, r);
  let label = `${mutatorName} of ${base.name}`;
  if (r() < 0.3) {
    const [second, again] = mutators[Math.floor(r() * mutators.length)];
    bytes = again(bytes, r);
    label += ` + ${second}`;
  }
  const profile = isDissectorExample(base.name) ? 1 + Math.floor(r() * (PROFILE_COUNT - 1)) : Math.floor(r() * PROFILE_COUNT);
  return { label: `case ${i} (${label}, profile ${profile}, seed ${seed})`, bytes, profile };
}
