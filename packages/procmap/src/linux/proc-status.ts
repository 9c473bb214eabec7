/** /proc/<pid>/status "Key:\tvalue" lines: Uid (real, effective, saved, fs) and PPid. */

export interface ProcStatus {
  /** Real UID. */
  uid?: number;
  ppid?: number;
  name?: string;
}

export function parseProcStatus(text: string): ProcStatus {
  const out: ProcStatus = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (key === 'Uid') {
      const n = Number(value.split(/\s+/)[0]);
      if (Number.isInteger(n)) out.uid = n;
    } else if (key === 'PPid') {
      const n = Number(value);
      if (Number.isInteger(n)) out.ppid = n;
    } else if (key === 'Name') {
      out.name = value;
    }
  }
  return out;
}
