/**
 * Test support for live attribution on loopback: local TCP/UDP servers that report each new flow
 * the moment it appears (TCP accept, first UDP datagram) to a synchronous callback, and short-lived
 * client processes (python3, node, curl) whose PID and argv are the ground truth.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { FlowKey } from '../src/types.js';

export type FlowHandler = (flow: FlowKey) => void;
/** The first bytes the client sent on a flow (the clients below send their own PID). */
export type PayloadHandler = (flow: FlowKey, payload: string) => void;

export interface LoopbackServers {
  tcp4: number;
  tcp6: number;
  /** Dual-stack "::" listener: IPv4 clients show as ::ffff:127.0.0.1 on the server side. */
  tcpDual: number;
  udp4: number;
  udp6: number;
  close(): Promise<void>;
}

const HTTP_OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

/** Servers on 127.0.0.1 / ::1; `onFlow` gets the flow from the client's side (local = client). */
export async function startLoopbackServers(onFlow: FlowHandler, onPayload: PayloadHandler = () => undefined): Promise<LoopbackServers> {
  const tcp = async (host: string, ipv6Only = false): Promise<[Server, number]> => {
    const s = createServer((sock) => {
      const flow: FlowKey = { proto: 'tcp', localAddr: sock.remoteAddress!, localPort: sock.remotePort!, remoteAddr: sock.localAddress!, remotePort: sock.localPort! };
      onFlow(flow);
      let first = true;
      sock.on('data', (d) => {
        const text = d.toString('latin1');
        if (first) onPayload(flow, text);
        first = false;
        if (text.startsWith('GET ')) sock.end(HTTP_OK);
        else sock.write('ok'); // releases clients that wait for a reply
      });
      sock.on('error', () => undefined);
      sock.on('end', () => sock.end());
    });
    await new Promise<void>((res) => s.listen({ host, port: 0, ipv6Only }, res));
    return [s, (s.address() as { port: number }).port];
  };
  const udp = async (type: 'udp4' | 'udp6', host: string): Promise<[UdpSocket, number]> => {
    const s = createSocket(type);
    s.on('message', (m, r) => {
      const a = s.address();
      const flow: FlowKey = { proto: 'udp', localAddr: r.address, localPort: r.port, remoteAddr: a.address, remotePort: a.port };
      onFlow(flow);
      onPayload(flow, m.toString('latin1'));
      s.send('ok', r.port, r.address);
    });
    await new Promise<void>((res) => s.bind(0, host, res));
    return [s, s.address().port];
  };
  const [t4, p4] = await tcp('127.0.0.1');
  const [t6, p6] = await tcp('::1');
  const [td, pd] = await tcp('::');
  const [u4, q4] = await udp('udp4', '127.0.0.1');
  const [u6, q6] = await udp('udp6', '::1');
  return {
    tcp4: p4, tcp6: p6, tcpDual: pd, udp4: q4, udp6: q6,
    close: async () => {
      await Promise.all([t4, t6, td].map((s) => new Promise<void>((res) => s.close(() => res()))));
      u4.close();
      u6.close();
    },
  };
}

export interface ClientSpec {
  file: string;
  args: string[];
  comm: string;
}

export interface Client {
  child: ChildProcess;
  /** What /proc/<pid>/cmdline must show. */
  argv: string[];
  comm: string;
  exited: Promise<number | null>;
}

export function spawnClient(spec: ClientSpec): Client {
  const child = spawn(spec.file, spec.args, { stdio: 'ignore' });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, argv: [spec.file, ...spec.args], comm: spec.comm, exited };
}

export interface Launched {
  pid: number;
  argv: string[];
  comm: string;
  /** Date.now() at spawn and at exit, as the launcher saw them. */
  startedAt: number;
  exitedAt: number;
}

/**
 * Starts clients from a separate launcher process, `gapMs` apart, so that forking them never
 * blocks the event loop that observes flows (in production, capture and spawning are different
 * processes too). Resolves with every client's PID once all have exited.
 */
export function launchClients(specs: ClientSpec[], gapMs = 5): Promise<Launched[]> {
  const code = `const {spawn}=require('child_process');const specs=JSON.parse(process.argv[1]);const out=[];let left=specs.length;
specs.forEach((s,i)=>setTimeout(()=>{const c=spawn(s.file,s.args,{stdio:'ignore'});out[i]={pid:c.pid,argv:[s.file,...s.args],comm:s.comm,startedAt:Date.now()};
c.on('exit',()=>{out[i].exitedAt=Date.now();if(--left===0)process.stdout.write(JSON.stringify(out))})},i*${gapMs}));`;
  const launcher = spawn(process.execPath, ['-e', code, JSON.stringify(specs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  launcher.stdout.on('data', (d: Buffer) => { text += d.toString(); });
  return new Promise((res, rej) => launcher.on('exit', (c) => (c === 0 ? res(JSON.parse(text) as Launched[]) : rej(new Error(`launcher exited ${c}`)))));
}

export const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));
export const CURL = ['/usr/bin/curl', '/usr/local/bin/curl'].find((p) => existsSync(p));

/**
 * python3: connect (TCP) or send one datagram (UDP, connected or not) carrying its PID, then either
 * linger `ms` and exit, or (`ms` = 'reply') exit as soon as the server answers — the server answers
 * after its lookup, so such a client is alive at lookup time whatever the machine's load.
 */
export function pythonSpec(kind: 'tcp' | 'udp' | 'udp-connected', host: string, port: number, ms: number | 'reply' = 50): ClientSpec {
  const fam = host.includes(':') ? 'AF_INET6' : 'AF_INET';
  const end = ms === 'reply' ? `s.settimeout(5)\ns.recv(16)` : `time.sleep(${ms / 1000})`;
  const code = kind === 'tcp'
    ? `import os,socket,time\ns=socket.create_connection(('${host}',${port}))\ns.sendall(str(os.getpid()).encode())\n${end}`
    : `import os,socket,time\ns=socket.socket(socket.${fam},socket.SOCK_DGRAM)\nm=str(os.getpid()).encode()\n` +
      (kind === 'udp' ? `s.sendto(m,('${host}',${port}))` : `s.connect(('${host}',${port}))\ns.send(m)`) + `\n${end}`;
  return { file: PYTHON!, args: ['-c', code], comm: 'python3' };
}

/** node: the same with net/dgram. */
export function nodeSpec(kind: 'tcp' | 'udp', host: string, port: number, ms: number | 'reply' = 50): ClientSpec {
  const done = ms === 'reply' ? `s.on('${kind === 'tcp' ? 'data' : 'message'}',()=>process.exit(0))` : `setTimeout(()=>process.exit(0),${ms})`;
  const code = kind === 'tcp'
    ? `const s=require('net').connect(${port},'${host}',()=>{s.write(String(process.pid));${done}})`
    : `const s=require('dgram').createSocket('${host.includes(':') ? 'udp6' : 'udp4'}');s.send(String(process.pid),${port},'${host}',()=>{${done}})`;
  return { file: process.execPath, args: ['-e', code], comm: 'node' };
}

/** curl: one HTTP request; it exits as soon as the response arrives. */
export function curlSpec(host: string, port: number): ClientSpec {
  const h = host.includes(':') ? `[${host}]` : host;
  return { file: CURL!, args: ['-s', '-m', '3', '-o', '/dev/null', `http://${h}:${port}/`], comm: 'curl' };
}
