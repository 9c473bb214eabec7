/** Test support: the shared corpus (X/shared next to the repo at X/main) and its tshark oracles. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Every capture of the corpus (generated and public), absolute paths, sorted. */
export function corpusCaptures(): string[] {
  const isCap = (f: string): boolean => /\.pcap(ng)?$/.test(f);
  return [
    ...walk(join(CORPUS, 'public')).filter(isCap),
    ...readdirSync(join(CORPUS, 'captures')).filter(isCap).map((f) => join(CORPUS, 'captures', f)),
  ].sort();
}

export interface OracleEndpoint { ip: string; port: number }
export interface OracleDirection { len: number; sha256: string; chunks: number; shorter_than_tcp_len_payload?: number }
export interface OracleTcpStream {
  stream: number;
  ip_version: 4 | 6;
  node0: OracleEndpoint;
  node1: OracleEndpoint;
  client: 'node0' | 'node1' | null;
  first_frame: number;
  last_frame: number;
  packets: { node0_to_node1: number; node1_to_node0: number };
  reassembled?: { node0_to_node1: OracleDirection; node1_to_node0: OracleDirection };
  seq_coverage?: Record<string, { hole_bytes: number; unique_payload_bytes_by_tcp_len: number }>;
}
export interface OracleUdpStream {
  stream: number;
  node0: OracleEndpoint;
  node1: OracleEndpoint;
  first_frame: number;
  datagrams: { node0_to_node1: number; node1_to_node0: number };
}
export interface OracleReassembled {
  reassembled_in_frame: number;
  family: 'ipv4' | 'ipv6';
  src: string;
  dst: string;
  id: number;
  reassembled_length: number;
  fragment_frames: number[];
  overlap: boolean;
  overlap_conflict: boolean;
  payload_sha256: string;
  l4_proto: number;
}
export interface OracleGroup {
  family: 'ipv4' | 'ipv6';
  src: string;
  dst: string;
  id: number;
  frames: number[];
  reassembled_by_tshark: boolean;
  last_fragment_seen: boolean;
}
export interface Oracle {
  frame_count: number;
  frames: { 'truncated_frames(caplen<len)': number };
  tcp_streams: OracleTcpStream[];
  udp_streams: OracleUdpStream[];
  ip_fragments: { fragment_frames: number; datagram_groups: OracleGroup[]; reassembled: OracleReassembled[] };
}

export function oracleFor(file: string): Oracle | undefined {
  const name = basename(file);
  for (const p of [join(CORPUS, 'oracle', `${name}.json`), join(CORPUS, 'oracle', 'public', `${name}.json`)]) {
    if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')) as Oracle;
  }
  return undefined;
}

export function readCapture(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}
