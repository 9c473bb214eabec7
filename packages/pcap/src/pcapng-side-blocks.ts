/** Non-packet pcapng blocks a consumer may want: NRB, ISB, DSB and custom blocks. */
import { readOptions } from './options.js';
import {
  BT_CB_COPY, ISB_FILTERACCEPT, ISB_IFDROP, ISB_IFRECV, ISB_OSDROP, ISB_USRDELIV, PEN_WIRESHARK,
} from './pcapng-constants.js';
import type { PcapngInterface } from './pcapng-interface.js';
import { readNulSeparated } from './text.js';
import { DEFAULT_TS_RESOLUTION, unitsToNs } from './timestamp-scaler.js';
import type { SideBlock } from './types.js';
import { readWiresharkProcessInfo } from './wireshark-process-info.js';

type Block<K extends SideBlock['kind']> = Extract<SideBlock, { kind: K }>;

/** Address length by NRB record type (1 IPv4, 2 IPv6, 3 EUI-48, 4 EUI-64); names follow it. */
const NRB_ADDR_LEN: Record<number, number> = { 1: 4, 2: 16, 3: 6, 4: 8 };

export function readNameResolution(buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean, offset: number): Block<'name-resolution'> {
  const records: Block<'name-resolution'>['records'] = [];
  const end = p + len - 4;
  let q = p + 8;
  while (q + 4 <= end) {
    const type = dv.getUint16(q, le);
    const rlen = dv.getUint16(q + 2, le);
    if (type === 0) break; // nrb_record_end
    const v = q + 4;
    if (v + rlen > end) break;
    const alen = NRB_ADDR_LEN[type];
    if (alen !== undefined && alen <= rlen) {
      records.push({ type, address: buf.slice(v, v + alen), names: readNulSeparated(buf, v + alen, v + rlen).filter((n) => n.length > 0) });
    } else {
      records.push({ type, address: buf.slice(v, v + rlen), names: [] });
    }
    q = v + ((rlen + 3) & ~3);
  }
  return { kind: 'name-resolution', offset, records };
}

/**
 * ISB. interfaceId is the global id; -1 when the block names an interface the section lacks
 * (kept rather than rejected: statistics are not evidence).
 */
export function readInterfaceStatistics(
  dv: DataView, p: number, len: number, le: boolean, offset: number, sectionInterfaces: PcapngInterface[],
): Block<'interface-statistics'> {
  const localId = dv.getUint32(p + 8, le);
  const iface = sectionInterfaces[localId];
  const hi = dv.getUint32(p + 12, le);
  const lo = dv.getUint32(p + 16, le);
  const tsNs = iface !== undefined ? iface.scaler.toNs(hi, lo) : unitsToNs((BigInt(hi) << 32n) | BigInt(lo), DEFAULT_TS_RESOLUTION);
  const isb: Block<'interface-statistics'> = { kind: 'interface-statistics', offset, interfaceId: iface?.desc.id ?? -1, tsNs };
  for (const o of readOptions(dv, p + 20, p + len - 4, le)) {
    if (o.length < 8) continue;
    const v = dv.getBigUint64(o.start, le);
    switch (o.code) {
      case ISB_IFRECV: isb.received = v; break;
      case ISB_IFDROP: isb.dropped = v; break;
      case ISB_OSDROP: isb.osDropped = v; break;
      case ISB_FILTERACCEPT: isb.filterAccepted = v; break;
      case ISB_USRDELIV: isb.delivered = v; break;
      default: break;
    }
  }
  return isb;
}

/** DSB: secrets type u32, secrets length u32, data (copied; clamped to the block). */
export function readDecryptionSecrets(buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean, offset: number): Block<'decryption-secrets'> {
  const secretsType = dv.getUint32(p + 8, le);
  const dataLen = Math.min(dv.getUint32(p + 12, le), len - 20);
  return { kind: 'decryption-secrets', offset, secretsType, data: buf.slice(p + 16, p + 16 + dataLen) };
}

/**
 * Custom block 0xBAD / 0x40000BAD: PEN then custom data (the data and any options can't be told
 * apart without knowing the vendor's format, so data is everything up to the trailer). Wireshark's
 * process-information entries are decoded.
 */
export function readCustomBlock(
  buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean, offset: number, section: number, blockType: number,
): Block<'custom'> | Block<'process-info'> {
  const pen = dv.getUint32(p + 8, le);
  const end = p + len - 4;
  if (pen === PEN_WIRESHARK) {
    const info = readWiresharkProcessInfo(buf, dv, p + 12, end, le, offset, section, blockType);
    if (info !== undefined) return info;
  }
  return { kind: 'custom', offset, blockType, pen, data: buf.slice(p + 12, end), copyable: blockType === BT_CB_COPY };
}
