/**
 * The interface descriptions of an evidence file exactly as it declares them (comments, hardware,
 * filter, resolution, offset — more than the index keeps), so an export can repeat its IDBs. Reads
 * from the start only until every interface the index knows of has been seen: IDBs sit at the front
 * of nearly every file, so this costs a chunk or two, not a pass over the capture.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { CaptureFormatError, CaptureParser, type InterfaceDescription } from '@wirewho/pcap';

const CHUNK = 1024 * 1024;

export function readSourceInterfaces(filePath: string, wanted: number): InterfaceDescription[] {
  const parser = new CaptureParser();
  const sink = { onInterface: () => {}, onFrame: () => {} };
  const fd = openSync(filePath, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let pos = 0;
    while (parser.interfaces.length < wanted) {
      const n = readSync(fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      try {
        parser.push(buf.subarray(0, n), sink);
      } catch (e) {
        if (e instanceof CaptureFormatError) break; // the fault is past every frame the index has
        throw e;
      }
    }
  } finally {
    closeSync(fd);
  }
  return parser.interfaces;
}
