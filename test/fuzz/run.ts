// The long fuzz run: the checks of properties.ts on 100,000+ generated inputs, spread over worker
// threads, printing counts. Bundled with esbuild and run with node (no ts-node here):
//
//   d=$(mktemp -d) && npx esbuild test/fuzz/run.ts --bundle --platform=node --target=node20 \
//     --outfile=$d/run.js --log-level=warning && node $d/run.js [--runs N] [--seed S] [--workers W]
//
// Exit status 1 on any failure; the first failures are written, with their inputs, to
// fuzz-failures.json beside the bundle (the path is printed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { Scenario, scenarioArb } from './generators';
import { checkAll, render } from './properties';

interface Counts {
  runs: number;
  injected: number;
  skipped: number;
  errors: number;
  failures: number;
  byFailure: Record<string, number>;
}

interface Example {
  failures: string[];
  scenario: Scenario;
  input: string;
}

const CHUNK = 500;
const KEEP = 20;

function emptyCounts(): Counts {
  return { runs: 0, injected: 0, skipped: 0, errors: 0, failures: 0, byFailure: {} };
}

function work(runs: number, seed: number, report: (c: Counts, examples: Example[], done: boolean) => void): void {
  const counts = emptyCounts();
  const examples: Example[] = [];
  for (let chunk = 0; counts.runs < runs; chunk++) {
    const n = Math.min(CHUNK, runs - counts.runs);
    for (const s of fc.sample(scenarioArb, { numRuns: n, seed: seed + chunk })) {
      counts.runs++;
      let r;
      let failures: string[];
      try {
        r = render(s);
        failures = checkAll(r);
      } catch (e) {
        failures = [`threw: ${(e as Error).stack ?? String(e)}`];
      }
      if (r) counts[r.outcome === 'error' ? 'errors' : r.outcome]++;
      if (failures.length === 0) continue;
      counts.failures++;
      for (const f of failures) {
        const key = f.replace(/item \d+ \S+/, 'item').replace(/(duplicate (containers|volumes)) .*/, '$1').slice(0, 160);
        counts.byFailure[key] = (counts.byFailure[key] ?? 0) + 1;
      }
      if (examples.length < KEEP) examples.push({ failures, scenario: s, input: r?.input ?? '' });
    }
    report(counts, examples, false);
  }
  report(counts, examples, true);
}

function merge(total: Counts, c: Counts): void {
  for (const k of ['runs', 'injected', 'skipped', 'errors', 'failures'] as const) total[k] += c[k];
  for (const [key, n] of Object.entries(c.byFailure)) total.byFailure[key] = (total.byFailure[key] ?? 0) + n;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (!isMainThread) {
  const { runs, seed } = workerData as { runs: number; seed: number };
  work(runs, seed, (counts, examples, done) => parentPort?.postMessage({ counts, examples, done }));
} else {
  const runs = arg('runs', 100_000);
  const seed = arg('seed', Date.now() % 1_000_000_007);
  const workers = Math.max(1, Math.min(arg('workers', os.availableParallelism()), runs));
  const start = Date.now();
  console.log(`fuzz: ${runs} runs, seed ${seed}, ${workers} worker(s)`);
  const latest: Counts[] = Array.from({ length: workers }, emptyCounts);
  const examples: Example[] = [];
  let finished = 0;
  let lastPrint = 0;
  const total = (): Counts => {
    const t = emptyCounts();
    for (const c of latest) merge(t, c);
    return t;
  };
  const line = (t: Counts): string =>
    `runs ${t.runs}, injected ${t.injected}, skipped ${t.skipped}, errors ${t.errors}, failures ${t.failures}, ` +
    `${((Date.now() - start) / 1000).toFixed(0)} s`;
  for (let w = 0; w < workers; w++) {
    const share = Math.floor(runs / workers) + (w < runs % workers ? 1 : 0);
    // Seeds far apart: each worker samples its own chunks.
    const worker = new Worker(__filename, { workerData: { runs: share, seed: seed + w * 1_000_003 } });
    worker.on('message', (m: { counts: Counts; examples: Example[]; done: boolean }) => {
      latest[w] = m.counts;
      if (m.done) {
        examples.push(...m.examples);
        finished++;
      }
      const t = total();
      if (t.runs - lastPrint >= 10_000 || finished === workers) {
        lastPrint = t.runs;
        console.log(line(t));
      }
      if (finished === workers) {
        console.log('failures by kind:', JSON.stringify(t.byFailure, null, 1));
        if (examples.length) {
          const file = path.join(path.dirname(__filename), 'fuzz-failures.json');
          fs.writeFileSync(file, JSON.stringify(examples.slice(0, KEEP), null, 1));
          console.log(`first failures written to ${file}`);
        }
        console.log(`${t.runs - t.failures} passed, ${t.failures} failed`);
        process.exitCode = t.failures > 0 ? 1 : 0;
      }
    });
    worker.on('error', (e) => {
      console.error(`worker ${w} crashed: ${e.stack ?? String(e)}`);
      process.exitCode = 1;
    });
  }
}
