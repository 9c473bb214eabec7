/**
 * Transport ports of IP fragments, the way tshark shows them: a fragment carries none; the frame whose
 * arrival completes the datagram shows the ports of the reassembled datagram; a first fragment that
 * cannot be reassembled (truncated, inside an ICMP error) is dissected as it is.
 */
import type { FrameRecord } from '@wirewho/pcap';
import { FragmentStatus, FramePipeline, type ReassembledDatagram } from '@wirewho/reassembly';

const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;

export interface Ports { srcPort: number; dstPort: number }

export class FragmentPorts {
  private completed: ReassembledDatagram | null = null;
  private readonly pipeline = new FramePipeline({ ipReassembled: (d) => { this.completed = d; } });

  /** Feeds one fragment frame; returns the ports the frame shows, or null for none. */
  portsFor(f: FrameRecord, ownPorts: Ports | null): Ports | null {
    this.completed = null;
    const verdict = this.pipeline.push(f);
    const d = this.completed as ReassembledDatagram | null;
    if (d && d.completedIn === f.number && (d.protocol === IPPROTO_TCP || d.protocol === IPPROTO_UDP) && d.payload.length >= 4) {
      return { srcPort: (d.payload[0] << 8) | d.payload[1], dstPort: (d.payload[2] << 8) | d.payload[3] };
    }
    return verdict.fragment === FragmentStatus.UNUSABLE ? ownPorts : null;
  }
}
