/** /etc/passwd "name:x:uid:gid:…" → uid → user name (first entry wins, as getpwuid does). */

export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const f = line.split(':');
    if (f.length < 3 || f[0] === '') continue;
    const uid = Number(f[2]);
    if (Number.isInteger(uid) && f[2] !== '' && !out.has(uid)) out.set(uid, f[0]);
  }
  return out;
}
