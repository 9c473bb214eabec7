/** BPF capture filters are compiled by libpcap before a capture starts, so a typo fails early and clearly. */
import { pcapAddon } from './native.js';

export const LINKTYPE_ETHERNET = 1;

export class CaptureFilterError extends Error {
  readonly code = 'EFILTER';
  constructor(readonly filter: string, readonly reason: string) {
    super(`invalid capture filter "${filter}": ${reason}`);
  }
}

/** Throws CaptureFilterError unless libpcap compiles `filter` for the link type. */
export function validateCaptureFilter(filter: string, linkType = LINKTYPE_ETHERNET, snaplen = 262_144): void {
  const reason = pcapAddon().compileFilter(linkType, snaplen, filter);
  if (reason !== null) throw new CaptureFilterError(filter, reason);
}
