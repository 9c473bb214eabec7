/** Small /proc text forms: cmdline (NUL-separated argv), comm, fd symlink targets. */

/** argv from /proc/<pid>/cmdline: NUL-separated with a trailing NUL; empty for zombies/kernel threads. */
export function parseCmdline(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** /proc/<pid>/comm ends with a newline. */
export function parseComm(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** Inode of an fd symlink target "socket:[12345]"; undefined for files, pipes, anon inodes. */
export function socketInodeOfLink(target: string): number | undefined {
  if (!target.startsWith('socket:[') || !target.endsWith(']')) return undefined;
  const n = Number(target.slice(8, -1));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
