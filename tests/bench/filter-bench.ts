/**
 * Display-filter benchmark: `pnpm bench:filter [--case <dir>] [--file <capture>] [--times N] [--runs R]`.
 *
 * Builds (or reuses with --case) an index of >= 10M frames by ingesting one capture N times into
 * one case (default /tmp/bigc/big.pcap x 10 = 10.6M frames), then times, per filter: compile, the
 * first page of 500 rows (what the packet list shows first) and the total count, each R times on fresh
 * caches (plans and match lists forgotten), and prints the medians with the number of matches and
 * the plan the engine chose. Prints numbers, asserts nothing. Targets (issue 4): first page <= 100 ms,
 * count <= 1 s for indexed fields. The filter values occur in big.pcap (make_big.sh: clients 10.88.0.1,
 * servers 10.88.0.2 on 8080, DNS names *.corpus.test), except where a filter is meant to match nothing.
 */
import { existsSync } from 'node:fs';
import { Engine, FilterStoppedError } from '@wirewho/engine';
import { compileFilter } from '@wirewho/filter';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const caseDir = arg('--case', '/tmp/wirewho-filter-bench');
const file = arg('--file', '/tmp/bigc/big.pcap');
const times = Number(arg('--times', '10'));
const runs = Math.max(1, Number(arg('--runs', '5')));
const only = arg('--only', '');

const FILTERS: [string, string][] = [
  ['single field (column)', 'tcp.port == 8080'],
  ['single field (OR of two indexes)', 'udp.port == 53'],
  ['single field (address)', 'ip.addr == 10.88.0.2'],
  ['single field (rare address)', 'ipv6.addr == fe80::88c5:edff:fee4:9fdd'],
  ['stream', 'tcp.stream == 312'],
  ['compound', 'ip.src == 10.88.0.1 && tcp.dstport == 8080 && tcp.flags.syn == 1'],
  ['compound (rare first term)', 'ip.src == 10.77.0.1 && tcp.dstport == 8080 && tcp.flags.syn == 1'],
  ['compound (fact and column)', 'dns.qry.name == "static.corpus.test" && udp.srcport == 53'],
  ['fact (frame_fields)', 'dns.qry.name == "static.corpus.test"'],
  ['fact (rare)', 'http.request.uri == "/index.html"'],
  ['contains (fact)', 'http.request.uri contains ".bin"'],
  ['matches (fact)', 'dns.qry.name matches "^[a-z]+\\\\.corpus"'],
  ['process (big.pcap has no process metadata)', 'pid == 4242'],
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
  console.log(`case ${caseDir}: ${frames} frames; medians of ${runs} runs`);
  console.log(['filter', 'compile ms', 'first page ms', 'count ms', 'matches', 'plan'].join('\t'));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(1);
  for (const [what, f] of FILTERS) {
    if (only && !what.includes(only) && !f.includes(only)) continue;
    const compile: number[] = [], first: number[] = [], count: number[] = [];
    let rows = 0;
    let n: number | string = 0;
    for (let r = 0; r < runs; r++) {
      let t0 = performance.now();
      compileFilter(f);
      compile.push(performance.now() - t0);
      engine.filter.invalidate();
      t0 = performance.now();
      rows = engine.filter.after(f, 0, 500).length;
      first.push(performance.now() - t0);
      engine.filter.invalidate();
      t0 = performance.now();
      try {
        n = engine.filter.count(f);
      } catch (e) {
        if (!(e instanceof FilterStoppedError)) throw e;
        n = `stopped after ${e.afterMs} ms`;
      }
      count.push(performance.now() - t0);
    }
    const plan = engine.filter.explain(f);
    const how = !plan ? '' : plan.all.from.includes('frame_fields') ? 'fact index in frame order'
      : plan.all.from.startsWith('(SELECT f.number AS frame FROM frames f WHERE') ? 'driven by rarest indexed term'
      : plan.all.from.includes('NOT INDEXED') ? 'frame-order scan' : 'SQLite default';
    const counted = plan?.eitherCounts ? ', counted as n(src) + n(dst) - n(both)' : '';
    console.log(`${what}: ${f}\t${median(compile)}\t${median(first)} (${rows} rows)\t${median(count)}\t${n}\t${how}${counted}`);
  }
} finally {
  await engine.close();
}
