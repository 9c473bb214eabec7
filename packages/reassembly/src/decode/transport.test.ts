import { describe, expect, it } from 'vitest';
import { ACCECN_ACK, ACCECN_SYN, ACCECN_SYNACK } from '../../testing/accecn.js';
import { hasAccEcnOption } from './transport.js';

describe('hasAccEcnOption', () => {
  it('finds the experimental AccECN option (kind 254, ExID 0xACC0) and not other options', () => {
    expect(hasAccEcnOption(ACCECN_SYN, 0, 40)).toBe(false);
    expect(hasAccEcnOption(ACCECN_SYNACK, 0, 52)).toBe(true);
    expect(hasAccEcnOption(ACCECN_ACK, 0, 48)).toBe(true);
  });

  it('knows kinds 172/174 and ExID 0xACC1; stops at EOL and at a malformed length', () => {
    const base = Array.from(ACCECN_SYN.subarray(0, 20));
    const withOpts = (opts: number[]) => Uint8Array.from([...base, ...opts]);
    expect(hasAccEcnOption(withOpts([1, 1, 172, 2]), 0, 24)).toBe(true);
    expect(hasAccEcnOption(withOpts([174, 5, 0, 0, 1, 0, 0, 0]), 0, 28)).toBe(true);
    expect(hasAccEcnOption(withOpts([254, 4, 0xac, 0xc1]), 0, 24)).toBe(true);
    expect(hasAccEcnOption(withOpts([254, 4, 0xf9, 0x89]), 0, 24)).toBe(false); // TCP Fast Open ExID
    expect(hasAccEcnOption(withOpts([0, 172, 2, 0]), 0, 24)).toBe(false);
    expect(hasAccEcnOption(withOpts([8, 1, 172, 2]), 0, 24)).toBe(false);
    expect(hasAccEcnOption(withOpts([1, 1, 1, 172]), 0, 24)).toBe(false);
  });
});
