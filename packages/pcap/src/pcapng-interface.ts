/** Interface Description Block → InterfaceDescription (+ the timestamp scaler its packets use). */
import { readOptions } from './options.js';
import {
  IF_DESCRIPTION, IF_FCSLEN, IF_FILTER, IF_HARDWARE, IF_NAME, IF_OS, IF_TSOFFSET, IF_TSRESOL, OPT_COMMENT,
} from './pcapng-constants.js';
import { readString } from './text.js';
import { DEFAULT_TS_RESOLUTION, TimestampScaler, decodeTsResol } from './timestamp-scaler.js';
import type { InterfaceDescription } from './types.js';

export interface PcapngInterface {
  desc: InterfaceDescription;
  scaler: TimestampScaler;
}

/** Parses the IDB body at p (block start) of total length len. Minimum length checked by caller. */
export function readInterfaceBlock(
  buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean,
  id: number, section: number, localId: number,
): PcapngInterface {
  const desc: InterfaceDescription = {
    id,
    section,
    localId,
    linkType: dv.getUint16(p + 8, le),
    snapLen: dv.getUint32(p + 12, le),
    tsResolution: { ...DEFAULT_TS_RESOLUTION },
    tsOffsetSeconds: 0n,
    comments: [],
  };
  for (const o of readOptions(dv, p + 16, p + len - 4, le)) {
    const s = o.start;
    switch (o.code) {
      case OPT_COMMENT: desc.comments.push(readString(buf, s, s + o.length)); break;
      case IF_NAME: desc.name = readString(buf, s, s + o.length); break;
      case IF_DESCRIPTION: desc.description = readString(buf, s, s + o.length); break;
      case IF_OS: desc.os = readString(buf, s, s + o.length); break;
      case IF_HARDWARE: desc.hardware = readString(buf, s, s + o.length); break;
      case IF_TSRESOL: if (o.length >= 1) desc.tsResolution = decodeTsResol(buf[s]); break;
      case IF_TSOFFSET: if (o.length >= 8) desc.tsOffsetSeconds = dv.getBigInt64(s, le); break;
      case IF_FCSLEN: if (o.length >= 1) desc.fcsLength = buf[s]; break;
      // First byte is the filter kind; only kind 0 (libpcap filter string) is text.
      case IF_FILTER: if (o.length >= 1 && buf[s] === 0) desc.filter = readString(buf, s + 1, s + o.length); break;
      default: break;
    }
  }
  return { desc, scaler: new TimestampScaler(desc.tsResolution, desc.tsOffsetSeconds) };
}
