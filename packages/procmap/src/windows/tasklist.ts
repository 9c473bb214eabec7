/**
 * `tasklist /FO CSV /NH`: one quoted CSV row per process — "Image Name","PID","Session Name",
 * "Session#","Mem Usage" (the memory figure is localized, e.g. "12,345 K": kept as text).
 */

export interface Task {
  image: string;
  pid: number;
  sessionName: string;
  session: number;
  memUsage: string;
}

/** RFC 4180 fields of one line ("" inside quotes is a quote). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= line.length) break;
        if (line[i] === '"') {
          if (line[i + 1] === '"') { v += '"'; i += 2; continue; }
          i++;
          break;
        }
        v += line[i++];
      }
      out.push(v);
      while (i < line.length && line[i] !== ',') i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end;
    }
    i++; // past the comma (or the end)
  }
  return out;
}

export function parseTasklistCsv(text: string): Task[] {
  const out: Task[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const f = parseCsvLine(line);
    if (f.length < 5 || !/^\d+$/.test(f[1])) continue;
    out.push({ image: f[0], pid: Number(f[1]), sessionName: f[2], session: Number(f[3]), memUsage: f[4] });
  }
  return out;
}
