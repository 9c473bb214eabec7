import { describe, expect, it } from 'vitest';
import { classifyFrame, COLOR_RULES, tcpFlagsFromInfo } from './frame-colors.js';

const c = (protocol: string, info = '') => classifyFrame({ protocol, info });

describe('classifyFrame', () => {
  it('colours TCP by flags, resets standing out', () => {
    expect(c('TCP', '51000 → 443 [SYN] Seq=0 Win=65495 Len=0')).toBe('tcp-syn-fin');
    expect(c('TCP', '443 → 51000 [FIN, ACK] Seq=1 Ack=1')).toBe('tcp-syn-fin');
    expect(c('TCP', '443 → 51000 [RST, ACK] Seq=1 Ack=1')).toBe('tcp-rst');
    expect(c('TCP', '443 → 51000 [ACK] Seq=1 Ack=1 Len=0')).toBe('tcp');
  });

  it('flags bad TCP above everything else', () => {
    expect(c('TCP', '[TCP Retransmission] 51000 → 443 [PSH, ACK] Seq=1')).toBe('bad-tcp');
    expect(c('TCP', '[TCP Previous segment not captured] 443 → 51000 [ACK]')).toBe('bad-tcp');
    expect(c('HTTP', '[TCP Out-Of-Order] GET / HTTP/1.1')).toBe('bad-tcp');
  });

  it('tints application protocols', () => {
    expect(c('DNS', 'Standard query 0x1 A x.test')).toBe('dns');
    expect(c('HTTP', 'GET / HTTP/1.1')).toBe('http');
    expect(c('TLSv1.3', 'Client Hello (SNI=tls.corpus.test)')).toBe('tls');
    expect(c('ARP', 'Who has 10.0.0.1? Tell 10.0.0.2')).toBe('arp');
    expect(c('ICMP', 'Echo (ping) request')).toBe('icmp');
    expect(c('ICMP', 'Destination unreachable (Port unreachable)')).toBe('icmp-error');
    expect(c('UDP', '40000 → 9 Len=10')).toBe('udp');
    expect(c('SCTP', '')).toBe('other');
  });

  it('reads flags from Info', () => {
    expect([...tcpFlagsFromInfo('1 → 2 [SYN, ACK] Seq=0')]).toEqual(['SYN', 'ACK']);
    expect(tcpFlagsFromInfo('GET /[SYN] HTTP/1.1').size).toBe(1);
    expect(tcpFlagsFromInfo('no flags').size).toBe(0);
  });

  it('has a legend entry for every colour', () => {
    expect(COLOR_RULES.map((r) => r.id)).toContain('tcp-rst');
    expect(new Set(COLOR_RULES.map((r) => r.id)).size).toBe(COLOR_RULES.length);
  });
});
