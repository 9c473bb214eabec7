/**
 * Wireshark's process-information custom block (PEN 32622, block entry type 3; PROCESS-METADATA.md
 * §3.3, Wireshark wiretap/pcapng-wireshark-custom.c). The custom data is
 * [entry type u32][entry length u32][entry padded to 4][custom-block options, section order];
 * the entry — [pid u32][PIB options] — is little-endian whatever the section's byte order.
 */
import { ByteWriter, writeOption } from './byte-writer.js';
import { readOptions } from './options.js';
import {
  OPT_COMMENT, OPT_ENDOFOPT, PIB_CMDLINE, PIB_NAME, PIB_PATH, PIB_PPID, PIB_STARTTIME, PIB_UID, PIB_USER, PIB_UUID,
  WIRESHARK_CB_ENTRY_PROCESS_INFO,
} from './pcapng-constants.js';
import { readNulSeparated, readString, utf8 } from './text.js';
import type { ProcessInfoBlock } from './types.js';

/** What processInfoBlock() writes; mirrors ProcessInfoBlock. */
export interface ProcessInfo {
  pid: number;
  name?: string;
  path?: string;
  /** Written as pib_cmdline, NUL-separated (ignored when cmdline is given). */
  argv?: string[];
  cmdline?: Uint8Array;
  ppid?: number;
  uid?: number;
  user?: string;
  /** 16 bytes. */
  uuid?: Uint8Array;
  startTimeNs?: bigint;
  comments?: string[];
}

/**
 * Reads the custom data (bytes after the PEN, [start, end)) of a PEN-32622 custom block. Returns
 * undefined when it is not a well-formed process-information entry (the caller keeps it as a
 * plain custom block, as Wireshark does for unknown entry types).
 */
export function readWiresharkProcessInfo(
  buf: Uint8Array, dv: DataView, start: number, end: number, sectionLE: boolean,
  offset: number, section: number, blockType: number,
): ProcessInfoBlock | undefined {
  if (end - start < 8) return undefined;
  const entryType = dv.getUint32(start, true);
  const entryLen = dv.getUint32(start + 4, true);
  const entry = start + 8;
  const padded = (entryLen + 3) & ~3;
  if (entryType !== WIRESHARK_CB_ENTRY_PROCESS_INFO || entryLen < 4 || padded > end - entry) return undefined;
  const info: ProcessInfoBlock = { kind: 'process-info', offset, section, blockType, pid: dv.getUint32(entry, true), comments: [] };
  for (const o of readOptions(dv, entry + 4, entry + entryLen, true)) {
    const s = o.start;
    const e = s + o.length;
    switch (o.code) {
      case OPT_COMMENT: info.comments.push(readString(buf, s, e)); break;
      case PIB_NAME: info.name = readString(buf, s, e); break;
      case PIB_PATH: info.path = readString(buf, s, e); break;
      case PIB_USER: info.user = readString(buf, s, e); break;
      case PIB_CMDLINE:
        info.cmdline = buf.slice(s, e);
        info.argv = readNulSeparated(buf, s, e);
        break;
      case PIB_PPID: if (o.length === 4) info.ppid = dv.getUint32(s, true); break;
      case PIB_UID: if (o.length === 4) info.uid = dv.getUint32(s, true); break;
      case PIB_UUID: if (o.length === 16) info.uuid = buf.slice(s, e); break;
      case PIB_STARTTIME: if (o.length === 8) info.startTimeNs = dv.getBigUint64(s, true); break;
      default: break;
    }
  }
  // Options of the custom block itself (section byte order): only comments are defined.
  for (const o of readOptions(dv, entry + padded, end, sectionLE)) {
    if (o.code === OPT_COMMENT) info.comments.push(readString(buf, o.start, o.start + o.length));
  }
  return info;
}

/** The custom data (after the PEN) of a process-information custom block, all little-endian. */
export function encodeWiresharkProcessInfo(info: ProcessInfo): Uint8Array {
  const body = new ByteWriter(128);
  body.u32(info.pid >>> 0);
  const opts = new ByteWriter(128);
  const str = (code: number, v: string | undefined): void => {
    if (v !== undefined && v.length > 0) writeOption(opts, code, utf8(v));
  };
  str(PIB_NAME, info.name);
  str(PIB_PATH, info.path);
  const cmdline = info.cmdline ?? (info.argv !== undefined && info.argv.length > 0 ? utf8(info.argv.join('\0')) : undefined);
  if (cmdline !== undefined && cmdline.length > 0) writeOption(opts, PIB_CMDLINE, cmdline);
  if (info.ppid !== undefined) writeOption(opts, PIB_PPID, u32le(info.ppid));
  if (info.uid !== undefined) writeOption(opts, PIB_UID, u32le(info.uid));
  str(PIB_USER, info.user);
  if (info.uuid !== undefined) {
    if (info.uuid.length !== 16) throw new RangeError(`process uuid must be 16 bytes, got ${info.uuid.length}`);
    writeOption(opts, PIB_UUID, info.uuid);
  }
  if (info.startTimeNs !== undefined) writeOption(opts, PIB_STARTTIME, new ByteWriter(8).u64(info.startTimeNs).toBytes());
  for (const c of info.comments ?? []) writeOption(opts, OPT_COMMENT, utf8(c));
  if (opts.length > 0) {
    opts.u16(OPT_ENDOFOPT).u16(0);
    body.bytes(opts.toBytes());
  }
  // Entry length is unpadded (options are already 4-aligned, so it is a multiple of 4 here).
  const out = new ByteWriter(body.length + 8);
  out.u32(WIRESHARK_CB_ENTRY_PROCESS_INFO).u32(body.length).bytes(body.toBytes()).pad4();
  return out.toBytes();
}

function u32le(v: number): Uint8Array {
  return new ByteWriter(4).u32(v >>> 0).toBytes();
}
