/** Deterministic fuzz cases: case i of seed S is always the same bytes, so every finding replays. */
import { seedCaptures } from './corpus-seeds.js';
import { MUTATORS, rng } from './mutate.js';

const mutators = Object.entries(MUTATORS);
let seeds: ReturnType<typeof seedCaptures> | undefined;

export interface FuzzCase { label: string; bytes: Uint8Array }

export function makeCase(seed: number, i: number): FuzzCase {
  seeds ??= seedCaptures();
  const r = rng(seed + i);
  const base = seeds[Math.floor(r() * seeds.length)];
  const [mutatorName, mutate] = mutators[Math.floor(r() * mutators.length)];
  let bytes = mutate(base.bytes, r);
  let label = `${mutatorName} of ${base.name}`;
  if (r() < 0.3) {
    const [second, again] = mutators[Math.floor(r() * mutators.length)];
    bytes = again(bytes, r);
    label += ` + ${second}`;
  }
  return { label: `case ${i} (${label}, seed ${seed})`, bytes };
}
