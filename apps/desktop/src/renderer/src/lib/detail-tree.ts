/**
 * The detail tree as the pane shows it: nodes get stable path ids ("0.2.1"), the visible nodes are
 * flattened for rendering and keyboard movement, and a byte offset maps back to the deepest node
 * whose range covers it (bytes pane -> tree).
 */
import type { DetailNodeDto } from '@wirewho/contract';

export interface TreeNode {
  id: string;
  parentId: string | null;
  depth: number;
  node: DetailNodeDto;
  /** What "the same node" is called in another frame, to keep its expansion across selections. */
  memoryKey: string;
  hasChildren: boolean;
}

export function nodeMemoryKey(node: DetailNodeDto, parentKey: string | null): string {
  const own = node.field ?? node.label.replace(/[:,(].*$/, '').trim();
  return parentKey ? `${parentKey}/${own}` : own;
}

/** Indexes every node of the tree by id. */
export function indexTree(roots: readonly DetailNodeDto[]): Map<string, TreeNode> {
  const byId = new Map<string, TreeNode>();
  const walk = (nodes: readonly DetailNodeDto[], parent: TreeNode | null): void => {
    nodes.forEach((node, i) => {
      const id = parent ? `${parent.id}.${i}` : String(i);
      const entry: TreeNode = {
        id,
        parentId: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 0,
        node,
        memoryKey: nodeMemoryKey(node, parent?.memoryKey ?? null),
        hasChildren: (node.children?.length ?? 0) > 0,
      };
      byId.set(id, entry);
      if (node.children) walk(node.children, entry);
    });
  };
  walk(roots, null);
  return byId;
}

/** The nodes a reader sees, in order: roots, and the children of expanded nodes. */
export function visibleNodes(index: Map<string, TreeNode>, isExpanded: (entry: TreeNode) => boolean): TreeNode[] {
  const out: TreeNode[] = [];
  let hiddenBelowDepth = Infinity;
  for (const entry of index.values()) {
    // Map order is depth-first pre-order, so a collapsed node hides the run of deeper nodes after it.
    if (entry.depth > hiddenBelowDepth) continue;
    hiddenBelowDepth = Infinity;
    out.push(entry);
    if (entry.hasChildren && !isExpanded(entry)) hiddenBelowDepth = entry.depth;
  }
  return out;
}

export function ancestorsOf(index: Map<string, TreeNode>, id: string): TreeNode[] {
  const out: TreeNode[] = [];
  let current = index.get(id);
  while (current?.parentId) {
    current = index.get(current.parentId);
    if (current) out.unshift(current);
  }
  return out;
}

function covers(node: DetailNodeDto, offset: number): boolean {
  return node.length > 0 && offset >= node.start && offset < node.start + node.length;
}

/** The deepest node covering `offset` (ties: the narrower range), or null. */
export function deepestNodeAt(index: Map<string, TreeNode>, offset: number, source?: number): TreeNode | null {
  let best: TreeNode | null = null;
  for (const entry of index.values()) {
    // Ranges are in the byte source the pane shows (the frame, or a reassembled source).
    if (entry.node.source !== source || !covers(entry.node, offset)) continue;
    if (!best || entry.depth > best.depth || (entry.depth === best.depth && entry.node.length < best.node.length)) {
      best = entry;
    }
  }
  return best;
}
