/** The tracer's key and value layouts (shared with native/socket_tracer.cc) and finding cgroup v2. */
import { describe, expect, it } from 'vitest';
import { cgroup2Root, decodeOwner, encodeFlowKey, KEY_BYTES } from './kernel-socket-owners.js';

describe('kernel socket owners: layouts', () => {
  it('finds the cgroup v2 mount among v1 hierarchies (hybrid systemd) and alone (unified)', () => {
    const hybrid = [
      'tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0',
      'cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0',
      'cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0',
    ].join('\n');
    expect(cgroup2Root(hybrid)).toBe('/sys/fs/cgroup/unified');
    expect(cgroup2Root('cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n')).toBe('/sys/fs/cgroup');
    expect(cgroup2Root('cgroup2 /mnt/my\\040cgroups cgroup2 rw 0 0')).toBe('/mnt/my cgroups');
    expect(cgroup2Root('cgroup /sys/fs/cgroup/cpu cgroup rw 0 0\n')).toBeUndefined();
  });

  it('keys an IPv4 flow: proto, family, ports in network order, local then remote address', () => {
    const key = encodeFlowKey({ proto: 'udp', localAddr: '127.0.0.1', localPort: 0x1234, remoteAddr: '10.1.2.3', remotePort: 53 })!;
    expect(key.length).toBe(KEY_BYTES);
    expect([...key.subarray(0, 8)]).toEqual([17, 4, 0, 0, 0x12, 0x34, 0, 53]);
    expect([...key.subarray(8, 12)]).toEqual([127, 0, 0, 1]);
    expect(key.subarray(12, 24).every((b) => b === 0)).toBe(true);
    expect([...key.subarray(24, 28)]).toEqual([10, 1, 2, 3]);
    expect(key.subarray(28).every((b) => b === 0)).toBe(true);
  });

  it('keys an IPv6 flow with all sixteen bytes of each address', () => {
    const key = encodeFlowKey({ proto: 'tcp', localAddr: '::1', localPort: 443, remoteAddr: 'fe80::1:2', remotePort: 60000 })!;
    expect([...key.subarray(0, 8)]).toEqual([6, 6, 0, 0, 0x01, 0xbb, 0xea, 0x60]);
    expect([...key.subarray(8, 24)]).toEqual([...new Array(15).fill(0), 1]);
    expect([...key.subarray(24, 40)]).toEqual([0xfe, 0x80, ...new Array(10).fill(0), 0, 1, 0, 2]);
  });

  it('has no key for mixed families or bad addresses', () => {
    expect(encodeFlowKey({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 1, remoteAddr: '::1', remotePort: 2 })).toBeUndefined();
    expect(encodeFlowKey({ proto: 'tcp', localAddr: 'localhost', localPort: 1, remoteAddr: '127.0.0.1', remotePort: 2 })).toBeUndefined();
  });

  it('decodes an owner record: tgid and tid from pid_tgid, comm up to its NUL, the call time', () => {
    const v = Buffer.alloc(40);
    v.writeUInt32LE(4242, 0); // tid (low half)
    v.writeUInt32LE(4200, 4); // tgid (high half)
    v.write('curl\0junk', 8, 'latin1');
    v.writeBigUInt64LE(1_795_000_000_123_456_789n, 32);
    expect(decodeOwner(v)).toEqual({ pid: 4200, tid: 4242, comm: 'curl', atNs: 1_795_000_000_123_456_789n });
    v.write('0123456789abcdef', 8, 'latin1'); // no NUL: all 16 bytes
    expect(decodeOwner(v).comm).toBe('0123456789abcdef');
  });
});
