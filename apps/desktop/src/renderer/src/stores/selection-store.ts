/**
 * The selected frame and what hangs off it: its detail tree, its bytes, the selected tree node and the
 * byte range that node covers. Tree and bytes are linked both ways (node -> bytes, byte -> node).
 */
import { computed, reactive, ref, shallowRef } from 'vue';
import type { FrameDetail, WirewhoApi } from '@wirewho/contract';
import { decodeBase64 } from '../lib/base64.js';
import { ancestorsOf, deepestNodeAt, indexTree, visibleNodes, type TreeNode } from '../lib/detail-tree.js';
import type { ByteRange } from '../lib/hex-dump.js';
import type { NoticeStore } from './notice-store.js';
import type { PacketListStore } from './packet-list-store.js';

export function createSelectionStore(api: Pick<WirewhoApi, 'frameDetail'>, list: PacketListStore, notices: NoticeStore) {
  const selectedIndex = ref<number | null>(null);
  const frameNumber = ref<number | null>(null);
  const detail = shallowRef<FrameDetail | null>(null);
  const bytes = shallowRef<Uint8Array>(new Uint8Array(0));
  const loading = ref(false);
  const selectedNodeId = ref<string | null>(null);
  /** Expanded nodes by memory key, so a layer opened in one frame stays open in the next (as in Wireshark). */
  const expandedKeys = reactive(new Set<string>());
  let latestRequest = 0;
  /** The field the user chose last; re-selected in later frames that have it (e.g. back in a UDP frame). */
  let rememberedFieldKey: string | undefined;

  const tree = computed(() => indexTree(detail.value?.tree ?? []));
  const isExpanded = (entry: TreeNode): boolean => expandedKeys.has(entry.memoryKey);
  const visible = computed(() => visibleNodes(tree.value, isExpanded));
  const selectedNode = computed(() => (selectedNodeId.value ? tree.value.get(selectedNodeId.value) ?? null : null));
  /** The byte source the bytes pane shows: undefined = the frame, N = detail.sources[N] (a reassembled PDU). */
  const paneSource = ref<number | undefined>(undefined);
  const sourceBytes = computed(() => (detail.value?.sources ?? []).map((s) => decodeBase64(s.bytesBase64)));
  /** Tabs under the hex pane, as Wireshark labels them ("Frame (N bytes)", "Reassembled ... (N bytes)"). */
  const paneSources = computed(() => {
    const extra = detail.value?.sources ?? [];
    if (!extra.length) return [];
    return [{ source: undefined as number | undefined, label: `Frame (${bytes.value.length} bytes)` },
      ...extra.map((s, i) => ({ source: i, label: s.label }))];
  });
  const paneBytes = computed(() => (paneSource.value === undefined ? bytes.value : sourceBytes.value[paneSource.value] ?? new Uint8Array(0)));
  const highlight = computed<ByteRange | null>(() => {
    const node = selectedNode.value?.node;
    return node && node.length > 0 && node.source === paneSource.value ? { start: node.start, length: node.length } : null;
  });

  /** A node with bytes in another source brings that source's tab to the front (as Wireshark does). */
  function followNode(): void {
    const node = selectedNode.value?.node;
    if (node && node.length > 0) paneSource.value = node.source;
  }

  function setExpanded(id: string, expanded: boolean): void {
    const entry = tree.value.get(id);
    if (!entry?.hasChildren) return;
    if (expanded) expandedKeys.add(entry.memoryKey);
    else expandedKeys.delete(entry.memoryKey);
  }

  async function showFrame(number: number): Promise<void> {
    const request = ++latestRequest;
    frameNumber.value = number;
    loading.value = true;
    try {
      const result = await api.frameDetail({ number });
      if (request !== latestRequest) return; // the user moved on
      detail.value = result;
      bytes.value = decodeBase64(result.bytesBase64);
      selectedNodeId.value = null;
      paneSource.value = undefined;
      // Keep the "same" field selected when moving between similar frames.
      if (rememberedFieldKey) {
        for (const entry of tree.value.values()) {
          if (entry.memoryKey !== rememberedFieldKey) continue;
          for (const ancestor of ancestorsOf(tree.value, entry.id)) expandedKeys.add(ancestor.memoryKey);
          selectedNodeId.value = entry.id;
          break;
        }
        followNode();
      }
    } catch (err) {
      if (request !== latestRequest) return;
      detail.value = null;
      bytes.value = new Uint8Array(0);
      notices.error(`Cannot show frame ${number}`, err);
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  return {
    selectedIndex,
    frameNumber,
    detail,
    bytes,
    loading,
    selectedNodeId,
    selectedNode,
    tree,
    visible,
    highlight,
    isExpanded,
    paneSource,
    paneSources,
    paneBytes,

    /** Selects the row at a list index (loading its page first if needed) and shows its frame. */
    async selectIndex(index: number): Promise<boolean> {
      const total = list.total.value;
      if (total === 0) return false;
      const clamped = Math.max(0, Math.min(total - 1, index));
      selectedIndex.value = clamped;
      const row = list.rowAt(clamped) ?? (await list.load(clamped));
      if (!row || selectedIndex.value !== clamped) return false;
      await showFrame(row.number);
      return true;
    },

    /** Go to frame N: frames are numbered 1..total in list order, so N sits at index N-1; verified. */
    async selectFrameNumber(number: number): Promise<boolean> {
      const index = number - 1;
      if (!Number.isInteger(number) || index < 0 || index >= list.total.value) return false;
      const row = list.rowAt(index) ?? (await list.load(index));
      if (!row || row.number !== number) return false;
      selectedIndex.value = index;
      await showFrame(number);
      return true;
    },

    clear(): void {
      latestRequest++;
      selectedIndex.value = null;
      frameNumber.value = null;
      detail.value = null;
      bytes.value = new Uint8Array(0);
      selectedNodeId.value = null;
      paneSource.value = undefined;
      loading.value = false;
    },

    selectNode(id: string | null): void {
      selectedNodeId.value = id && tree.value.has(id) ? id : null;
      rememberedFieldKey = selectedNode.value?.memoryKey;
      followNode();
    },

    /** Shows a byte source in the bytes pane (its tab was chosen). */
    showSource(source: number | undefined): void {
      paneSource.value = source === undefined || sourceBytes.value[source] ? source : undefined;
    },

    setExpanded,

    toggleExpanded(id: string): void {
      const entry = tree.value.get(id);
      if (entry) setExpanded(id, !isExpanded(entry));
    },

    /** Bytes pane -> tree: selects the deepest node covering the byte and opens its ancestors. */
    selectByte(offset: number): void {
      const entry = deepestNodeAt(tree.value, offset, paneSource.value);
      if (!entry) {
        selectedNodeId.value = null;
        return;
      }
      for (const ancestor of ancestorsOf(tree.value, entry.id)) expandedKeys.add(ancestor.memoryKey);
      selectedNodeId.value = entry.id;
      rememberedFieldKey = entry.memoryKey;
    },
  };
}

export type SelectionStore = ReturnType<typeof createSelectionStore>;
