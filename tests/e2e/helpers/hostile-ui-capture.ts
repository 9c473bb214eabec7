/**
 * A capture whose every attacker-controlled string is a script or markup payload: HTTP request and
 * response headers and body, DNS names, pcapng section/interface/packet comments and ptcpdump process
 * metadata (Cmd, Args). Each payload that would create an element carries an id starting "xss-", and
 * each that would run sets window.__xss, so a test can tell whether any of it became live.
 */
import { writeFileSync } from 'node:fs';
import { PcapngWriter } from '@wirewho/pcap';

export const PAYLOADS = {
  img: `<img id="xss-img" src=x onerror="window.__xss='img';alert('img')">`,
  script: `<script id="xss-script">window.__xss='script';alert('script')</script>`,
  svg: `<svg id="xss-svg" onload="window.__xss='svg'"></svg>`,
  link: `<a id="xss-a" href="javascript:window.__xss='href'">x</a>`,
  url: `javascript:window.__xss='url'`,
  iframe: `<iframe id="xss-iframe" srcdoc="<script>parent.__xss='iframe'</script>"></iframe>`,
  css: `<style id="xss-style">*{background:url(https://evil.example/css)!important}</style>`,
  vue: `{{constructor.constructor('window.__xss="vue"')()}}`,
  attr: `" onmouseover="window.__xss='attr'" x="`,
  // Right-to-left override, isolates and zero-width characters: text that lies about its own order.
  bidi: 'invoice\u202Efdp.exe\u202C zero\u200Bwidth\u2066isolate\u2069',
} as const;

const ALL = Object.values(PAYLOADS).join(' ');

function ipv4Checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < h.length; i += 2) sum += h.readUInt16BE(i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function ethIpv4(proto: number, src: number[], dst: number[], l4: Buffer): Buffer {
  const eth = Buffer.from([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, 0x88, 0x99, 0xaa, 0x08, 0x00]);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + l4.length, 2);
  ip.writeUInt16BE(0x4000, 6);
  ip[8] = 64;
  ip[9] = proto;
  Buffer.from(src).copy(ip, 12);
  Buffer.from(dst).copy(ip, 16);
  ip.writeUInt16BE(ipv4Checksum(ip), 10);
  return Buffer.concat([eth, ip, l4]);
}

function tcp(sport: number, dport: number, seq: number, ack: number, flags: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(ack >>> 0, 8);
  h[12] = 5 << 4;
  h[13] = flags;
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, payload]);
}

function udp(sport: number, dport: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

/** A DNS name from labels (each at most 63 bytes, any bytes allowed: DNS does not forbid markup). */
function dnsName(labels: string[]): Buffer {
  const parts: Buffer[] = [];
  for (const l of labels) {
    const b = Buffer.from(l, 'utf8').subarray(0, 63);
    parts.push(Buffer.from([b.length]), b);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

const DNS_LABELS = [`<img id="xss-dns" src=x onerror=alert(1)>`, 'javascript:alert(1)', '\u202Egnp', 'evil', 'example'];

function dnsMessage(response: boolean): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(0x1337, 0);
  header.writeUInt16BE(response ? 0x8180 : 0x0100, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(response ? 1 : 0, 6);
  const question = Buffer.concat([dnsName(DNS_LABELS), Buffer.from([0, 16, 0, 1])]); // TXT IN
  if (!response) return Buffer.concat([header, question]);
  const txt = Buffer.from(PAYLOADS.script, 'utf8').subarray(0, 255);
  const answer = Buffer.concat([Buffer.from([0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 60]), Buffer.alloc(2), Buffer.from([txt.length]), txt]);
  answer.writeUInt16BE(1 + txt.length, 10);
  return Buffer.concat([header, question, answer]);
}

const REQUEST = Buffer.from([
  `GET /${encodeURI(PAYLOADS.img)} HTTP/1.1`,
  `Host: ${PAYLOADS.script}`,
  `User-Agent: ${PAYLOADS.svg}`,
  `Referer: ${PAYLOADS.url}`,
  `X-Link: ${PAYLOADS.link}`,
  `X-Frame: ${PAYLOADS.iframe}`,
  `X-Css: ${PAYLOADS.css}`,
  `X-Vue: ${PAYLOADS.vue}`,
  `X-Attr: ${PAYLOADS.attr}`,
  `X-Bidi: ${PAYLOADS.bidi}`,
  '', '',
].join('\r\n'), 'utf8');

const BODY = Buffer.from(`<html><body>${ALL}</body></html>`, 'utf8');
const RESPONSE = Buffer.concat([Buffer.from([
  'HTTP/1.1 200 OK',
  'Content-Type: text/html',
  `Content-Length: ${BODY.length}`,
  `Set-Cookie: session=${PAYLOADS.img}`,
  `Location: ${PAYLOADS.url}`,
  '', '',
].join('\r\n'), 'utf8'), BODY]);

/** Process metadata as ptcpdump writes it (one comment per group). */
export const PROCESS_COMMENT = `PID: 4242\nCmd: /usr/bin/${PAYLOADS.script}\nArgs: curl ${PAYLOADS.img} ${PAYLOADS.url} ${PAYLOADS.bidi}`;

/** Writes the capture; returns its frame count. */
export function writeHostileUiCapture(file: string): number {
  const w = new PcapngWriter();
  const parts: Uint8Array[] = [
    w.sectionHeader({ comments: [ALL], userAppl: PAYLOADS.script, os: PAYLOADS.img, hardware: PAYLOADS.css }),
    w.interfaceDescription({ linkType: 1, snapLen: 262144, name: PAYLOADS.img, description: PAYLOADS.script }),
  ];
  const client = [10, 0, 0, 1];
  const server = [10, 0, 0, 2];
  const c = 1000;
  const s = 5000;
  const frames: { data: Buffer; comments?: string[] }[] = [
    { data: ethIpv4(6, client, server, tcp(40000, 80, c, 0, 0x02)), comments: [PROCESS_COMMENT] },
    { data: ethIpv4(6, server, client, tcp(80, 40000, s, c + 1, 0x12)) },
    { data: ethIpv4(6, client, server, tcp(40000, 80, c + 1, s + 1, 0x10)), comments: [PROCESS_COMMENT] },
    { data: ethIpv4(6, client, server, tcp(40000, 80, c + 1, s + 1, 0x18, REQUEST)), comments: [PROCESS_COMMENT, ALL] },
    { data: ethIpv4(6, server, client, tcp(80, 40000, s + 1, c + 1 + REQUEST.length, 0x18, RESPONSE)) },
    { data: ethIpv4(6, client, server, tcp(40000, 80, c + 1 + REQUEST.length, s + 1 + RESPONSE.length, 0x11)), comments: [PROCESS_COMMENT] },
    { data: ethIpv4(6, server, client, tcp(80, 40000, s + 1 + RESPONSE.length, c + 2 + REQUEST.length, 0x11)) },
    { data: ethIpv4(6, client, server, tcp(40000, 80, c + 2 + REQUEST.length, s + 2 + RESPONSE.length, 0x10)), comments: [PROCESS_COMMENT] },
    { data: ethIpv4(17, client, server, udp(53000, 53, dnsMessage(false))), comments: [PAYLOADS.vue, PAYLOADS.bidi] },
    { data: ethIpv4(17, server, client, udp(53, 53000, dnsMessage(true))) },
  ];
  let ts = 1_700_000_000_000_000_000n;
  for (const f of frames) {
    parts.push(w.enhancedPacket({ interfaceId: 0, tsNs: ts, data: f.data, comments: f.comments }));
    ts += 1_000_000n;
  }
  writeFileSync(file, Buffer.concat(parts));
  return frames.length;
}
