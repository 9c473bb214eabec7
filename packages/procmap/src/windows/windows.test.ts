/** netstat -ano and tasklist /FO CSV /NH, fixtures in the documented formats (PROCESS-METADATA.md §4.5). */
import { describe, expect, it } from 'vitest';
import { SnapshotResolver } from '../snapshot-resolver.js';
import { parseNetstatAno } from './netstat.js';
import { joinWindowsSockets } from './socket-owners.js';
import { parseCsvLine, parseTasklistCsv } from './tasklist.js';

// English headers; the German state words show that nothing keys on them.
const NETSTAT = [
  '',
  'Active Connections',
  '',
  '  Proto  Local Address          Foreign Address        State           PID',
  '  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1100',
  '  TCP    127.0.0.1:49670        127.0.0.1:8080         ESTABLISHED     4512',
  '  TCP    127.0.0.1:8080         127.0.0.1:49670        HERGESTELLT     2024',
  '  TCP    [::]:445               [::]:0                 ABHÖREN         4',
  '  TCP    [::1]:49680            [::1]:8080             TIME_WAIT       0',
  '  UDP    0.0.0.0:5353           *:*                                    2588',
  '  UDP    [fe80::1%12]:1900      *:*                                    4040',
  '  TCP    garbage',
  '',
].join('\r\n');
const TASKLIST = [
  '"System Idle Process","0","Services","0","8 K"',
  '"System","4","Services","0","4,096 K"',
  '"svchost.exe","1100","Services","0","12,345 K"',
  '"curl.exe","4512","Console","1","6.120 K"',
  '"my ""quoted"" app.exe","2024","Console","1","1 K"',
  '"chrome.exe","2588","Console","1","99 K"',
  '',
].join('\r\n');

describe('Windows sources', () => {
  it('parses netstat -ano rows, UDP without a state, IPv6 in brackets', () => {
    const rows = parseNetstatAno(NETSTAT);
    expect(rows.map((r) => [r.proto, r.localAddr, r.localPort, r.remoteAddr, r.remotePort, r.listening, r.state, r.pid])).toEqual([
      ['tcp', '0.0.0.0', 135, '0.0.0.0', 0, true, 'LISTENING', 1100],
      ['tcp', '127.0.0.1', 49670, '127.0.0.1', 8080, false, 'ESTABLISHED', 4512],
      ['tcp', '127.0.0.1', 8080, '127.0.0.1', 49670, false, 'HERGESTELLT', 2024],
      ['tcp', '::', 445, '::', 0, true, 'ABHÖREN', 4],
      ['tcp', '::1', 49680, '::1', 8080, false, 'TIME_WAIT', 0],
      ['udp', '0.0.0.0', 5353, '0.0.0.0', 0, false, undefined, 2588],
      ['udp', 'fe80::1', 1900, '::', 0, false, undefined, 4040],
    ]);
  });

  it('parses tasklist CSV with quotes and localized numbers', () => {
    expect(parseCsvLine('"a","b ""c""",d,,"e,f"')).toEqual(['a', 'b "c"', 'd', '', 'e,f']);
    expect(parseTasklistCsv(TASKLIST).map((t) => [t.image, t.pid, t.sessionName, t.session, t.memUsage])).toEqual([
      ['System Idle Process', 0, 'Services', 0, '8 K'], ['System', 4, 'Services', 0, '4,096 K'], ['svchost.exe', 1100, 'Services', 0, '12,345 K'],
      ['curl.exe', 4512, 'Console', 1, '6.120 K'], ['my "quoted" app.exe', 2024, 'Console', 1, '1 K'], ['chrome.exe', 2588, 'Console', 1, '99 K'],
    ]);
  });

  it('joins by PID and resolves both ends of a local connection', () => {
    const rows = joinWindowsSockets(NETSTAT, TASKLIST);
    expect(rows.find((r) => r.localPort === 1900)?.process).toEqual({ pid: 4040 }); // not in tasklist
    const r = new SnapshotResolver(() => rows, { maxAgeMs: 1000 });
    expect(r.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 49670, remoteAddr: '127.0.0.1', remotePort: 8080 }).process).toEqual({ pid: 4512, comm: 'curl.exe' });
    expect(r.lookup({ proto: 'tcp', localAddr: '127.0.0.1', localPort: 8080, remoteAddr: '127.0.0.1', remotePort: 49670 }).process).toEqual({ pid: 2024, comm: 'my "quoted" app.exe' });
    expect(r.lookup({ proto: 'udp', localAddr: '10.0.0.5', localPort: 5353, remoteAddr: '224.0.0.251', remotePort: 5353 })).toMatchObject({ match: 'wildcard', process: { comm: 'chrome.exe' } });
    expect(r.lookup({ proto: 'tcp', localAddr: '10.0.0.5', localPort: 445, remoteAddr: '10.0.0.9', remotePort: 50000 })).toMatchObject({ match: 'listener', process: { pid: 4, comm: 'System' } });
    expect(r.runs).toBe(1);
  });
});
