/**
 * Display-filter benchmark: `pnpm bench:filter [--case <dir>] [--file <capture>] [--times N]`.
 *
 * Builds (or reuses with --case) an index of >= 10M frames by ingesting one capture N times into
 * one case (default /tmp/bigc/big.pcap x 10 = 10.3M frames), then times, per filter: compile, the
 * first page of 500 rows (what the packet list shows first) and the total count. Prints numbers,
 * asserts nothing. Targets (issue 4): first page <= 100 ms, count <= 1 s for indexed fields.
 */
import { existsSync } from 'node:fs';
import { Engine } from '@wirewho/engine';
import { compileFilter } from '@wirewho/filter';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const caseDir = arg('--case', '/tmp/wirewho-filter-bench');
const file = arg('--file', '/tmp/bigc/big.pcap');
const times = Number(arg('--times', '10'));

const FILTERS: [string, string][] = [
  ['single field (column)', 'tcp.port == 443'],
  ['single field (address)', 'ip.addr == 10.77.0.2'],
  ['stream', 'tcp.stream == 7'],
  ['compound', 'ip.src == 10.77.0.1 && tcp.dstport == 8080 && tcp.flags.syn == 1'],
  ['fact (frame_fields)', 'dns.qry.name == "static.corpus.test"'],
  ['contains (fact)', 'http.request.uri contains ".bin"'],
  ['matches (fact)', 'dns.qry.name matches "^[a-z]+\\\\.corpus"'],
  ['process', 'pid == 4242'],
  ['rare (no match)', 'udp.port == 9'],
];

const ms = (t0: number) => (performance.now() - t0).toFixed(1);

const engine = new Engine({ caseDir });
try {
  // Resumable: a case holding fewer complete copies (an interrupted build) gets the rest.
  const copies = () => (engine.index.db.prepare("SELECT count(*) AS n FROM evidence WHERE status = 'complete'").get() as { n: number }).n;
  let frames = engine.index.frameCount();
  if (copies() < times) {
    if (!existsSync(file)) throw new Error(`no capture at ${file} (build it with ../shared/corpus/make_big.sh, or pass --file)`);
    for (let i = copies(); i < times; i++) {
      const t0 = performance.now();
      engine.openEvidence({ path: file });
      await engine.idle();
      console.log(`ingest ${i + 1}/${times}: ${engine.index.frameCount()} frames (${ms(t0)} ms)`);
    }
    frames = engine.index.frameCount();
  }
  console.log(`case ${caseDir}: ${frames} frames`);
  console.log(['filter', 'compile ms', 'first page ms', 'count ms', 'matches'].join('\t'));
  for (const [what, f] of FILTERS) {
    let t0 = performance.now();
    compileFilter(f);
    const compile = ms(t0);
    engine.filter.invalidate();
    t0 = performance.now();
    const page = engine.filter.after(f, 0, 500);
    const first = ms(t0);
    engine.filter.invalidate();
    t0 = performance.now();
    const n = engine.filter.count(f);
    const count = ms(t0);
    console.log(`${what}: ${f}\t${compile}\t${first} (${page.length} rows)\t${count}\t${n}`);
  }
} finally {
  await engine.close();
}
