/**
 * The Processes view's tree: processes under their parent. A parent the case saw on the network is
 * that process's row; a parent only described by the source (ptcpdump names the parent's executable
 * and arguments) becomes a described row, shared by its children; others are roots. A reused PID is
 * matched to the instance of that PID first seen before the child (else the earliest).
 */
import type { ProcessDto } from '@wirewho/contract';
import { revealInvisible } from './reveal-invisible.js';

export interface ProcessTreeNode {
  key: string;
  /** The process (null for a parent only described by the source). */
  process: ProcessDto | null;
  /** A described parent: pid, executable, arguments as the source told them. */
  described?: { pid: number; exe?: string; args?: string };
  children: ProcessTreeNode[];
}

export interface ProcessTreeRow {
  node: ProcessTreeNode;
  depth: number;
  expanded: boolean;
}

const firstOf = (p: ProcessDto) => p.firstFrame ?? Number.MAX_SAFE_INTEGER;

export function buildProcessTree(processes: readonly ProcessDto[]): ProcessTreeNode[] {
  const nodes = new Map<number, ProcessTreeNode>();
  const byPid = new Map<string, ProcessDto[]>();
  for (const p of processes) {
    nodes.set(p.id, { key: `p${p.id}`, process: p, children: [] });
    const k = `${p.evidenceId ?? 0}:${p.pid}`;
    const list = byPid.get(k);
    if (list) list.push(p); else byPid.set(k, [p]);
  }
  const parentOf = new Map<number, number>();
  for (const p of processes) {
    if (p.ppid === null || p.ppid === p.pid) continue;
    const candidates = byPid.get(`${p.evidenceId ?? 0}:${p.ppid}`);
    if (!candidates) continue;
    const before = candidates.filter((c) => firstOf(c) <= firstOf(p));
    const pick = (before.length ? before : candidates).reduce((a, b) => (before.length ? (firstOf(b) > firstOf(a) ? b : a) : (firstOf(b) < firstOf(a) ? b : a)));
    parentOf.set(p.id, pick.id);
  }
  // A chain that loops (PID reuse can fake one) is cut where it closes.
  for (const p of processes) {
    const seen = new Set<number>([p.id]);
    let at = parentOf.get(p.id);
    while (at !== undefined) {
      if (seen.has(at)) { parentOf.delete(p.id); break; }
      seen.add(at);
      at = parentOf.get(at);
    }
  }
  const roots: ProcessTreeNode[] = [];
  const described = new Map<string, ProcessTreeNode>();
  for (const p of processes) {
    const node = nodes.get(p.id)!;
    const parent = parentOf.get(p.id);
    if (parent !== undefined) {
      nodes.get(parent)!.children.push(node);
    } else if (p.parent && p.ppid !== null) {
      const k = `d${p.evidenceId ?? 0}:${p.ppid}`;
      let d = described.get(k);
      if (!d) {
        d = { key: k, process: null, described: { ...p.parent, pid: p.ppid }, children: [] };
        described.set(k, d);
        roots.push(d);
      }
      d.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const order = (a: ProcessTreeNode, b: ProcessTreeNode) => first(a) - first(b);
  const sortAll = (list: ProcessTreeNode[]) => { list.sort(order); for (const n of list) sortAll(n.children); };
  sortAll(roots);
  return roots;
}

function first(n: ProcessTreeNode): number {
  return n.process ? firstOf(n.process) : Math.min(...n.children.map(first));
}

/** Rows to show: every node whose ancestors are all expanded (`collapsed` holds keys of folded nodes). */
export function visibleRows(roots: readonly ProcessTreeNode[], collapsed: ReadonlySet<string>): ProcessTreeRow[] {
  const out: ProcessTreeRow[] = [];
  const walk = (list: readonly ProcessTreeNode[], depth: number) => {
    for (const node of list) {
      const expanded = !collapsed.has(node.key);
      out.push({ node, depth, expanded });
      if (expanded) walk(node.children, depth + 1);
    }
  };
  walk(roots, 0);
  return out;
}

/** "curl (122868)"; a described parent reads its executable's base name. */
export function processLabel(n: { pid: number; name: string | null } | ProcessTreeNode): string {
  if ('key' in n) {
    if (n.process) return processLabel(n.process);
    const exe = n.described?.exe;
    return `${exe ? revealInvisible(exe.slice(exe.lastIndexOf('/') + 1)) : '?'} (${n.described!.pid})`;
  }
  return `${revealInvisible(n.name ?? '?')} (${n.pid})`;
}
