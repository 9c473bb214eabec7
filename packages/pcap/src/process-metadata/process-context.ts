/**
 * What processFromFrame needs besides the frame: the process-describing side blocks of the file
 * (Apple PIBs, indexed per section; Wireshark process-info blocks, by PID per section) and which
 * section each interface belongs to. Fill it in file order — `observe(sink)` does that — and look
 * frames up while reading or afterwards.
 */
import type { CaptureSink, FrameRecord, InterfaceDescription, ProcessInfoBlock, SideBlock } from '../types.js';
import { selectProcessInfo } from './standard-process.js';

export type ApplePib = Extract<SideBlock, { kind: 'apple-process-info' }>;

export class ProcessContext {
  private readonly sectionOfInterface: number[] = [];
  private currentSection = 0;
  /** section → PIBs by their index in the section. */
  private readonly applePibs = new Map<number, ApplePib[]>();
  /** section → pid → blocks in file order (several when a PID was reused). */
  private readonly processInfos = new Map<number, Map<number, ProcessInfoBlock[]>>();

  addInterface(iface: InterfaceDescription): void {
    this.sectionOfInterface[iface.id] = iface.section;
  }

  addSideBlock(block: SideBlock): void {
    switch (block.kind) {
      case 'section':
        this.currentSection = block.section;
        break;
      case 'apple-process-info': {
        let list = this.applePibs.get(block.section);
        if (list === undefined) this.applePibs.set(block.section, (list = []));
        list[block.index] = block;
        break;
      }
      case 'process-info': {
        let byPid = this.processInfos.get(block.section);
        if (byPid === undefined) this.processInfos.set(block.section, (byPid = new Map<number, ProcessInfoBlock[]>()));
        const list = byPid.get(block.pid);
        if (list === undefined) byPid.set(block.pid, [block]);
        else list.push(block);
        break;
      }
      default:
        break;
    }
  }

  /** A sink that records interfaces and side blocks here, then forwards everything to `sink`. */
  observe(sink: CaptureSink): CaptureSink {
    return {
      onInterface: (iface) => { this.addInterface(iface); sink.onInterface(iface); },
      onFrame: (frame) => sink.onFrame(frame),
      onSideBlock: (block) => { this.addSideBlock(block); sink.onSideBlock?.(block); },
    };
  }

  /** The frame's section: from its interface, or the section being read when the interface is unknown. */
  sectionOf(frame: FrameRecord): number {
    return this.sectionOfInterface[frame.interfaceId] ?? this.currentSection;
  }

  applePib(section: number, index: number): ApplePib | undefined {
    return this.applePibs.get(section)?.[index];
  }

  /** The process-info block for `pid` that applies to a frame at `tsNs` / file offset `recordOffset`. */
  processInfo(section: number, pid: number, tsNs?: bigint, recordOffset?: number): ProcessInfoBlock | undefined {
    const list = this.processInfos.get(section)?.get(pid);
    return list === undefined ? undefined : selectProcessInfo(list, tsNs, recordOffset);
  }
}
