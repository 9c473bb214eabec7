/** A socket row from a tool that also names its owner (lsof, netstat -ano + tasklist). */
import type { ProcessInfo, SocketRow } from './types.js';

export interface OwnedSocket extends SocketRow {
  process: ProcessInfo;
  /** TCP state as the tool printed it (lsof TST=…, netstat's possibly localized word). */
  state?: string;
}
