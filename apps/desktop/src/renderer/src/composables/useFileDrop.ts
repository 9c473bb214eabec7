/** Dragging capture files onto the window: shows an overlay while dragging, hands the files over on drop. */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

function carriesFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

export function useFileDrop(onDrop: (files: File[]) => void, target: Window = window): { dragging: Ref<boolean> } {
  const dragging = ref(false);
  // dragenter/dragleave fire for every child element crossed; count them to know when we really left.
  let depth = 0;

  const onDragEnter = (event: DragEvent): void => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth++;
    dragging.value = true;
  };
  const onDragOver = (event: DragEvent): void => {
    if (!carriesFiles(event)) return;
    event.preventDefault(); // allows the drop (and stops the browser from opening the file)
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = (): void => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) dragging.value = false;
  };
  const onDropEvent = (event: DragEvent): void => {
    depth = 0;
    dragging.value = false;
    if (!carriesFiles(event)) return;
    event.preventDefault();
    onDrop([...(event.dataTransfer?.files ?? [])]);
  };

  onMounted(() => {
    target.addEventListener('dragenter', onDragEnter);
    target.addEventListener('dragover', onDragOver);
    target.addEventListener('dragleave', onDragLeave);
    target.addEventListener('drop', onDropEvent);
  });
  onBeforeUnmount(() => {
    target.removeEventListener('dragenter', onDragEnter);
    target.removeEventListener('dragover', onDragOver);
    target.removeEventListener('dragleave', onDragLeave);
    target.removeEventListener('drop', onDropEvent);
  });
  return { dragging };
}
