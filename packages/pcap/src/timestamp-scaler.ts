/**
 * Converts pcapng timestamps (a 64-bit count of if_tsresol units, split high/low) to exact
 * nanoseconds since the epoch. One scaler per interface; hot path of the pcapng reader.
 */

export interface TsResolution {
  base: 10 | 2;
  exponent: number;
}

/** if_tsresol absent: microseconds. */
export const DEFAULT_TS_RESOLUTION: TsResolution = { base: 10, exponent: 6 };

const TWO_32 = 4294967296;

/** Decodes the if_tsresol byte: MSB clear → 10^-n, set → 2^-(n & 0x7F). */
export function decodeTsResol(byte: number): TsResolution {
  return byte & 0x80 ? { base: 2, exponent: byte & 0x7f } : { base: 10, exponent: byte };
}

/** Encodes a resolution as the if_tsresol byte. */
export function encodeTsResol(res: TsResolution): number {
  if (!Number.isInteger(res.exponent) || res.exponent < 0 || res.exponent > 127) {
    throw new RangeError(`if_tsresol exponent out of range: ${res.exponent}`);
  }
  return res.base === 2 ? 0x80 | res.exponent : res.exponent;
}

/** units × resolution → ns, floored (exact for 10^-n with n ≤ 9). */
export function unitsToNs(units: bigint, res: TsResolution): bigint {
  if (res.base === 10) {
    const n = res.exponent;
    return n <= 9 ? units * 10n ** BigInt(9 - n) : units / 10n ** BigInt(n - 9);
  }
  return (units * 1_000_000_000n) >> BigInt(res.exponent);
}

/** ns → units of the resolution, floored (the writer's direction). */
export function nsToUnits(ns: bigint, res: TsResolution): bigint {
  if (res.base === 10) {
    const n = res.exponent;
    return n <= 9 ? floorDiv(ns, 10n ** BigInt(9 - n)) : ns * 10n ** BigInt(n - 9);
  }
  return floorDiv(ns << BigInt(res.exponent), 1_000_000_000n);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export class TimestampScaler {
  /** ns per unit when it is an integer ≤ 10^6 (low × factor then stays exact in a double); else 0. */
  private readonly factor: number;
  private readonly highMul: bigint;
  private readonly offsetNs: bigint;
  // Consecutive packets share the high word (≈ 71 min at µs, 4.3 s at ns): cache its bigint part.
  private lastHigh = -1;
  private lastHighNs = 0n;

  constructor(
    private readonly res: TsResolution,
    offsetSeconds: bigint,
  ) {
    this.offsetNs = offsetSeconds * 1_000_000_000n;
    const n = res.exponent;
    this.factor = res.base === 10 && n >= 3 && n <= 9 ? 10 ** (9 - n) : 0;
    this.highMul = BigInt(TWO_32) * BigInt(this.factor);
  }

  toNs(high: number, low: number): bigint {
    if (this.factor !== 0) {
      if (high !== this.lastHigh) {
        this.lastHigh = high;
        this.lastHighNs = BigInt(high) * this.highMul + this.offsetNs;
      }
      return this.lastHighNs + BigInt(low * this.factor);
    }
    return unitsToNs((BigInt(high) << 32n) | BigInt(low), this.res) + this.offsetNs;
  }
}
