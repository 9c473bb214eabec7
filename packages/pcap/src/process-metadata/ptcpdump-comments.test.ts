/** ptcpdump comment codec: every documented key form in, ptcpdump HEAD's exact text out. */
import { describe, expect, it } from 'vitest';
import { formatPtcpdumpComments, parsePtcpdumpComments, type PtcpdumpContext } from './ptcpdump-comments.js';

// Verbatim from ptcpdump_dns.pcapng frame 1 (tshark -e frame.comment).
const DNS_COMMENTS = ['PID: 380281\nCmd: /usr/bin/dig\nArgs: dig example.com', 'ParentPID: 45198\nParentCmd: /usr/bin/bash\nParentArgs: -bash'];
const DNS_CONTEXT: PtcpdumpContext = {
  pid: 380281, cmd: '/usr/bin/dig', cmdTruncated: false, args: ['dig', 'example.com'], argsTruncated: false,
  parent: { pid: 45198, cmd: '/usr/bin/bash', cmdTruncated: false, args: ['-bash'], argsTruncated: false },
};

describe('parsePtcpdumpComments', () => {
  it('reads the process and parent groups as separate comments', () => {
    expect(parsePtcpdumpComments(DNS_COMMENTS)).toEqual(DNS_CONTEXT);
  });

  it('reads thread, user, container and pod groups', () => {
    const c = parsePtcpdumpComments([
      'PID: 7\nCmd: /bin/x\nArgs: x -y',
      'ThreadId: 8\nThreadName: worker',
      'UserId: 1000',
      'ContainerName: web\nContainerId: abc123\nContainerImage: nginx:1\nContainerLabels: {"a":"1","b":"2"}',
      'PodName: p\nPodNamespace: ns\nPodUID: u-1\nPodLabels: {"app":"x"}\nPodAnnotations: {}',
    ]);
    expect(c).toMatchObject({
      pid: 7, tid: 8, threadName: 'worker', uid: 1000,
      container: { name: 'web', id: 'abc123', image: 'nginx:1', labels: { a: '1', b: '2' } },
      pod: { name: 'p', namespace: 'ns', uid: 'u-1', labels: { app: 'x' }, annotations: {} },
    });
  });

  it('accepts the legacy keys Command, ParentCommand, TID and the short-lived GroupId', () => {
    expect(parsePtcpdumpComments(['PID: 1\nCommand: /sbin/init\nArgs: init', 'TID: 2', 'UserId: 0\nGroupId: 5', 'ParentPID: 9\nParentCommand: /x...\nParentArgs: a b...'])).toEqual({
      pid: 1, cmd: '/sbin/init', cmdTruncated: false, args: ['init'], argsTruncated: false, tid: 2, uid: 0, gid: 5,
      parent: { pid: 9, cmd: '/x', cmdTruncated: true, args: ['a', 'b'], argsTruncated: true },
    });
  });

  it('trims like ptcpdump: CRLF, spaces around keys and values, colons inside values', () => {
    expect(parsePtcpdumpComments(['  PID :  42 \r\n Cmd: C:\\x:y \r\nArgs:  '])).toEqual({
      pid: 42, cmd: 'C:\\x:y', cmdTruncated: false, args: [], argsTruncated: false,
    });
  });

  it('is not fooled by ordinary comments and drops garbage values', () => {
    expect(parsePtcpdumpComments(undefined)).toBeUndefined();
    expect(parsePtcpdumpComments([])).toBeUndefined();
    expect(parsePtcpdumpComments(['suspicious beacon', 'Note: checked by analyst', ':::', '\n\n'])).toBeUndefined();
    expect(parsePtcpdumpComments(['PID: -5', 'PID: 12abc', 'PID: 99999999999', 'UserId: x'])).toBeUndefined();
    expect(parsePtcpdumpComments(['PID: 3', 'PID: nope'])).toMatchObject({ pid: 3 });
    expect(parsePtcpdumpComments(['ContainerId: c\nContainerLabels: {not json', 'PodName: p\nPodLabels: {"a":1,"b":"s"}'])).toEqual({
      container: { id: 'c', labels: {} }, pod: { name: 'p', labels: { b: 's' } },
    });
  });

  it('keeps a "__proto__" label as data', () => {
    const c = parsePtcpdumpComments(['ContainerId: c\nContainerLabels: {"__proto__":"x"}'])!;
    expect(Object.getPrototypeOf(c.container!.labels)).toBe(Object.prototype);
    expect(Object.keys(c.container!.labels!)).toEqual(['__proto__']);
  });
});

describe('formatPtcpdumpComments (ptcpdump HEAD internal/writer/pcapng.go)', () => {
  it('writes the real sample comments byte for byte', () => {
    expect(formatPtcpdumpComments(DNS_CONTEXT)).toEqual(DNS_COMMENTS);
    expect(formatPtcpdumpComments({
      pid: 122868, cmd: '/usr/bin/curl', args: ['curl', 'kernel.com'], tid: 122868, threadName: 'curl',
      parent: { pid: 53229, cmd: '/usr/bin/bash', args: ['-bash'] },
    })).toEqual([
      'PID: 122868\nCmd: /usr/bin/curl\nArgs: curl kernel.com', 'ThreadId: 122868\nThreadName: curl',
      'ParentPID: 53229\nParentCmd: /usr/bin/bash\nParentArgs: -bash',
    ]);
    expect(formatPtcpdumpComments({
      pid: 99722, cmd: '/usr/bin/curl', args: ['curl', 'https://kernel.org'], uid: 1000,
      parent: { pid: 18840, cmd: '/usr/bin/bash', args: ['-bash'] },
    })).toEqual([
      'PID: 99722\nCmd: /usr/bin/curl\nArgs: curl https://kernel.org', 'UserId: 1000',
      'ParentPID: 18840\nParentCmd: /usr/bin/bash\nParentArgs: -bash',
    ]);
  });

  it('writes container and pod groups with Go JSON maps and the leading "/" stripped', () => {
    expect(formatPtcpdumpComments({
      pid: 5, cmd: '/app', args: ['app'], uid: 0,
      container: { name: '//web', id: 'c0ffee', image: 'img', labels: { 'z': '<&>', 'a': 'é\u2028"\\\n\b\u0001' } },
      pod: { name: 'p', namespace: 'default', uid: 'u', labels: {} },
    })).toEqual([
      'PID: 5\nCmd: /app\nArgs: app', 'UserId: 0',
      'ContainerName: web\nContainerId: c0ffee\nContainerImage: img\nContainerLabels: {"a":"é\\u2028\\"\\\\\\n\\b\\u0001","z":"\\u003c\\u0026\\u003e"}',
      'PodName: p\nPodNamespace: default\nPodUID: u\nPodLabels: {}\nPodAnnotations: {}',
    ]);
  });

  it('follows ptcpdump\'s conditions: no process group for pid 0, thread only for tid > 0, parent only for ppid > 0', () => {
    expect(formatPtcpdumpComments({ pid: 0, tid: 3, uid: 1, parent: { pid: 1 } })).toEqual([]);
    expect(formatPtcpdumpComments({ pid: 4, tid: 0, parent: { pid: 0 } })).toEqual(['PID: 4\nCmd: \nArgs: ']);
    expect(formatPtcpdumpComments({ container: { id: '' }, pod: { name: '' } })).toEqual([]);
    expect(formatPtcpdumpComments({ container: { id: 'k' } })).toEqual(['ContainerName: \nContainerId: k\nContainerImage: \nContainerLabels: {}']);
  });

  it('honours --context groups', () => {
    const ctx: PtcpdumpContext = { pid: 1, cmd: '/x', args: ['x'], tid: 1, threadName: 'x', uid: 0, parent: { pid: 2, cmd: '/p', args: [] } };
    expect(formatPtcpdumpComments(ctx, { thread: false, user: false })).toEqual(['PID: 1\nCmd: /x\nArgs: x', 'ParentPID: 2\nParentCmd: /p\nParentArgs: ']);
    expect(formatPtcpdumpComments(ctx, { process: false })).toEqual([]);
  });

  it('marks truncation with "..." and round-trips through the parser', () => {
    const ctx: PtcpdumpContext = {
      pid: 10, cmd: '/very/long', cmdTruncated: true, args: ['a', 'b'], argsTruncated: true, tid: 11, threadName: 't', uid: 7,
      parent: { pid: 1, cmd: '/sbin/init', cmdTruncated: false, args: ['init', 'splash'], argsTruncated: false },
      container: { name: 'n', id: 'i', image: 'm', labels: { k: 'v' } },
      pod: { name: 'p', namespace: 's', uid: 'u', labels: { l: '1' }, annotations: { 'a/b': 'c d' } },
    };
    const text = formatPtcpdumpComments(ctx);
    expect(text[0]).toBe('PID: 10\nCmd: /very/long...\nArgs: a b...');
    expect(parsePtcpdumpComments(text)).toEqual(ctx);
  });
});
