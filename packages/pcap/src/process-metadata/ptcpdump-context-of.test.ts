/** An attribution (e.g. from live /proc) written as ptcpdump comments and read back. */
import { describe, expect, it } from 'vitest';
import { ptcpdumpAttribution } from './process-from-frame.js';
import { formatPtcpdumpComments, parsePtcpdumpComments } from './ptcpdump-comments.js';
import { ptcpdumpContextOf } from './ptcpdump-context-of.js';

describe('ptcpdumpContextOf', () => {
  it('writes exe/argv/tid/uid/parent and reads back the same facts', () => {
    const comments = formatPtcpdumpComments(ptcpdumpContextOf({
      pid: 42, tid: 42, comm: 'curl', exe: '/usr/bin/curl', argv: ['curl', '-s', 'http://x/'], uid: 0, ppid: 7,
      parent: { pid: 7, exe: '/bin/sh', args: 'sh -c run' }, source: 'pcapng-standard',
    }));
    expect(comments).toEqual([
      'PID: 42\nCmd: /usr/bin/curl\nArgs: curl -s http://x/', 'ThreadId: 42\nThreadName: curl', 'UserId: 0',
      'ParentPID: 7\nParentCmd: /bin/sh\nParentArgs: sh -c run',
    ]);
    expect(ptcpdumpAttribution(parsePtcpdumpComments(comments)!)).toEqual({
      pid: 42, tid: 42, comm: 'curl', exe: '/usr/bin/curl', args: 'curl -s http://x/', uid: 0, ppid: 7,
      parent: { pid: 7, exe: '/bin/sh', args: 'sh -c run' }, source: 'ptcpdump',
    });
  });

  it('falls back to comm for Cmd and writes ppid without parent details', () => {
    expect(formatPtcpdumpComments(ptcpdumpContextOf({ pid: 3, comm: 'kworker', ppid: 2, source: 'tcpshark' }))).toEqual([
      'PID: 3\nCmd: kworker\nArgs: ', 'ParentPID: 2\nParentCmd: \nParentArgs: ',
    ]);
  });
});
