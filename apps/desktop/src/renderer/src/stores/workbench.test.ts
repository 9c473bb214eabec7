import { describe, expect, it } from 'vitest';
import type { FrameRow } from '@wirewho/contract';
import { followTargetOf } from './workbench.js';

const row = (tcpStream: number | null, udpStream: number | null) => ({ evidenceId: 2, tcpStream, udpStream }) as FrameRow;

describe('followTargetOf', () => {
  it('prefers the TCP stream like Wireshark, or takes the protocol asked for', () => {
    expect(followTargetOf(row(4, null))).toEqual({ evidenceId: 2, proto: 'tcp', stream: 4 });
    expect(followTargetOf(row(null, 0))).toEqual({ evidenceId: 2, proto: 'udp', stream: 0 });
    expect(followTargetOf(row(null, 0), 'tcp')).toBeNull();
    expect(followTargetOf(row(4, null), 'udp')).toBeNull();
    expect(followTargetOf(row(null, null))).toBeNull();
  });
});
