import { basename, relative } from 'node:path';
import { CORPUS, corpusCaptures, oracleFor, readCapture } from './corpus.js';
import { directionBytes, runCapture, sha256, tsharkFollowView } from './run-capture.js';
const only = process.argv[2];
let streams = 0, exact = 0, prefix = 0, bad = 0, udpOk = 0, udpBad = 0;
for (const f of corpusCaptures()) {
  if (only && !f.includes(only)) continue;
  const o = oracleFor(f); if (!o) continue;
  const t0 = performance.now();
  const r = runCapture(readCapture(f));
  const ms = performance.now() - t0;
  const msgs: string[] = [];
  for (const s of o.tcp_streams) {
    streams++;
    const ours = r.tcp.get(s.stream);
    if (!ours) { msgs.push(`tcp ${s.stream} missing`); bad++; continue; }
    const i = ours.info;
    if (i.node0.addr !== s.node0.ip || i.node0.port !== s.node0.port || i.node1.addr !== s.node1.ip || i.node1.port !== s.node1.port || i.firstFrame !== s.first_frame) {
      msgs.push(`tcp ${s.stream} tuple ours ${i.node0.addr}:${i.node0.port}->${i.node1.addr}:${i.node1.port} f${i.firstFrame} oracle ${s.node0.ip}:${s.node0.port}->${s.node1.ip}:${s.node1.port} f${s.first_frame}`);
      bad++; continue;
    }
    let ok = true, pre = false;
    for (const [d, key] of [[0, 'node0_to_node1'], [1, 'node1_to_node0']] as const) {
      const od = s.reassembled?.[key]; if (!od) continue;
      const full = directionBytes(ours.dirs[d]);
      if (full.length === od.len && sha256(full) === od.sha256) continue;
      const tv = tsharkFollowView(ours.dirs[d]);
      if (tv.bytes.length === od.len && sha256(tv.bytes) === od.sha256) { msgs.push(`tcp ${s.stream} ${key}: equal in tshark view (gaps ${ours.dirs[d].gaps.map((g) => g.reason + ':' + g.length).join(',')})`); continue; }
      if (!tv.complete && tv.bytes.length >= od.len && sha256(tv.bytes.subarray(0, od.len)) === od.sha256) { pre = true; msgs.push(`tcp ${s.stream} ${key}: tshark-view prefix ${od.len}/${tv.bytes.length} short=${od.shorter_than_tcp_len_payload}`); continue; }
      const pfx = directionBytes(ours.dirs[d], true);
      if (pfx.length >= od.len && sha256(pfx.subarray(0, od.len)) === od.sha256 && od.shorter_than_tcp_len_payload) { pre = true; continue; }
      ok = false;
      msgs.push(`tcp ${s.stream} ${key}: ours ${full.length} (prefix ${pfx.length}) gaps ${JSON.stringify(ours.dirs[d].gaps.slice(0,3))} oracle ${od.len} short=${od.shorter_than_tcp_len_payload}`);
    }
    if (ok && pre) prefix++; else if (ok) exact++; else bad++;
  }
  for (const u of o.udp_streams) {
    const ours = r.udp.find((x) => x.id === u.stream);
    if (ours && ours.node0.addr === u.node0.ip && ours.node0.port === u.node0.port && ours.node1.addr === u.node1.ip && ours.node1.port === u.node1.port && ours.firstFrame === u.first_frame) udpOk++;
    else { udpBad++; msgs.push(`udp ${u.stream} ours ${JSON.stringify(ours)} oracle ${JSON.stringify(u)}`); }
  }
  const oMax = Math.max(-1, ...o.tcp_streams.map((s) => s.stream));
  if (r.tcp.size !== oMax + 1) msgs.push(`tcp stream count ours ${r.tcp.size} oracle max id ${oMax}`);
  const fr = o.ip_fragments.reassembled;
  let dOk = 0;
  for (const x of fr) {
    const d = r.datagrams.find((y) => y.completedIn === x.reassembled_in_frame);
    if (d && sha256(d.payload) === x.payload_sha256 && d.payload.length === x.reassembled_length && JSON.stringify(d.fragmentFrames) === JSON.stringify(x.fragment_frames) && d.overlap === x.overlap && d.conflict === x.overlap_conflict) dOk++;
    else msgs.push(`frag ${x.reassembled_in_frame} ours ${d ? JSON.stringify({len: d.payload.length, frames: d.fragmentFrames, ov: d.overlap}) : 'none'} oracle ${JSON.stringify({len: x.reassembled_length, frames: x.fragment_frames, ov: x.overlap})}`);
  }
  if (r.datagrams.length !== fr.length) msgs.push(`datagrams ours ${r.datagrams.length} oracle ${fr.length}`);
  console.log(`${relative(CORPUS, f)}: ${r.frames} frames ${ms.toFixed(0)}ms tcp ${o.tcp_streams.length} udp ${o.udp_streams.length} frag ${dOk}/${fr.length} ${r.error ? 'ERR ' + String(r.error) : ''}`);
  for (const m of msgs.slice(0, 8)) console.log('   ', m);
}
console.log({ streams, exact, prefix, bad, udpOk, udpBad });
