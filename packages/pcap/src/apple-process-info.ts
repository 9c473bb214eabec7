/**
 * Apple Process Information Block (type 0x80000001, "DPIB" in Wireshark; PROCESS-METADATA.md §3.1):
 * pid u32 then options 2 (name) and 4 (16-byte UUID), section byte order. EPBs refer to it by its
 * 0-based ordinal among the PIBs of the section (options 0x8001/0x8003).
 */
import { readOptions } from './options.js';
import { APPLE_PIB_NAME, APPLE_PIB_UUID } from './pcapng-constants.js';
import { readString } from './text.js';
import type { SideBlock } from './types.js';

export function readApplePib(
  buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean,
  offset: number, section: number, index: number,
): Extract<SideBlock, { kind: 'apple-process-info' }> {
  const block: Extract<SideBlock, { kind: 'apple-process-info' }> = {
    kind: 'apple-process-info', offset, section, index, pid: dv.getUint32(p + 8, le),
  };
  for (const o of readOptions(dv, p + 12, p + len - 4, le)) {
    if (o.code === APPLE_PIB_NAME) block.name = readString(buf, o.start, o.start + o.length);
    else if (o.code === APPLE_PIB_UUID && o.length === 16) block.uuid = buf.slice(o.start, o.start + 16);
  }
  return block;
}
