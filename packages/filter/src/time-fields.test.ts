/**
 * frame.time_relative / frame.time_delta follow tshark's time reference, on the record layouts of
 * gopacket's be_test202.pcapng (custom blocks and simple packet blocks between timestamped frames),
 * tcpdump's timestamp_invalid_nano.pcap and PcapPlusPlus's pcapng-example.pcapng (tshark 4.0 answers).
 */
import { describe, expect, it } from 'vitest';
import { createTestDb, insertFrames, matching } from '../testing/db.js';

const T = 1340954905;

describe('frame.time_relative and frame.time_delta', () => {
  it('records without a timestamp count as time 0 (first record, simple packet block) or keep the previous time (custom block)', () => {
    const db = createTestDb();
    // be_test202.pcapng: 1 custom, 2-4 EPB, 5 SPB, 6 EPB, 7 custom, 8 SPB, 9 EPB, 10 custom, 11 EPB
    insertFrames(db, [
      { number: 1, iface_id: -1, protocol: 'PCAPNG' },
      { number: 2, ts_sec: T, ts_nsec: 298858000 },
      { number: 3, ts_sec: T, ts_nsec: 298858000 },
      { number: 4, ts_sec: T, ts_nsec: 301858000 },
      { number: 5, iface_id: 0 },
      { number: 6, ts_sec: T, ts_nsec: 298858000 },
      { number: 7, iface_id: -1, protocol: 'PCAPNG' },
      { number: 8, iface_id: 0 },
      { number: 9, ts_sec: T, ts_nsec: 298858000 },
      { number: 10, iface_id: -1, protocol: 'PCAPNG' },
      { number: 11, ts_sec: T, ts_nsec: 301858000 },
    ]);
    // tshark: relative is the whole epoch time (reference = record 1 at time 0)
    expect(matching(db, 'frame.time_relative > 1')).toEqual([2, 3, 4, 6, 9, 11]);
    expect(matching(db, 'frame.time_relative <= 0.5')).toEqual([]);
    // delta: 2 (after the custom block), 6 (after an SPB), 9 (after an SPB); 11 measures from 9 across custom block 10
    expect(matching(db, 'frame.time_delta > 0.1')).toEqual([2, 6, 9]);
    expect(matching(db, 'frame.time_delta == 0.003')).toEqual([4, 11]);
    expect(matching(db, 'frame.time_delta == 0')).toEqual([3]);
  });

  it('the first frame has delta 0 and an out-of-range fraction wraps like nstime (timestamp_invalid_nano.pcap)', () => {
    const db = createTestDb({ format: 'pcap' });
    insertFrames(db, [
      { number: 1, ts_sec: 1418145369, ts_nsec: 999999999 },
      { number: 2, ts_sec: 1418145370, ts_nsec: 1000000000 },
      { number: 3, ts_sec: 1418145370, ts_nsec: -2147483648 },
    ]);
    expect(matching(db, 'frame.time_delta == 0')).toEqual([1]);
    expect(matching(db, 'frame.time_relative > 1')).toEqual([2, 3]); // 1.000000001 and 1.1147483649
    expect(matching(db, 'frame.time_relative <= 0.5')).toEqual([1]);
    expect(matching(db, 'frame.time_delta > 0.1')).toEqual([2, 3]); // 1.000000001 and 0.1147483648
  });

  it('a time more than 2^31 s away compares through a 32-bit second difference (pcapng-example.pcapng)', () => {
    const db = createTestDb();
    insertFrames(db, [
      { number: 1, ts_sec: 1422527998, ts_nsec: 578402281 },
      { number: 2, ts_sec: 1422528033, ts_nsec: 92194163 },
      { number: 3, ts_sec: 18446744073204, ts_nsec: 126329000, iface_id: 1 },
      { number: 4, ts_sec: 18446744073204, ts_nsec: 126338000, iface_id: 1 },
    ]);
    // tshark 4.0: 18445321545205.5 s relative is "not > 1" and "<= 0.5"
    expect(matching(db, 'frame.time_relative > 1')).toEqual([2]);
    expect(matching(db, 'frame.time_relative <= 0.5')).toEqual([1, 3, 4]);
    expect(matching(db, 'frame.time_delta > 0.1')).toEqual([2]);
    expect(matching(db, 'frame.time_delta < 0.0001')).toEqual([1, 3, 4]); // tshark: frame 60 too
  });
});
