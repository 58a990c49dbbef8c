/**
 * Child process of the harness benchmark measuring the floor of the harness's own work on one finished
 * run: `node harness-floor-worker.js <json {@link HarnessFloorOptions}>`. It repeats, with nothing but
 * `fs` calls and better-sqlite3 prepared statements, the input/output every harness implementation has
 * to do for that run, and times it:
 * - compare: every output file of both sides read once (through the compare stage's reused buffers,
 *   one per side) and each pair's bytes after the first header block compared (the files differ in
 *   their provenance cards);
 * - conversion parity: both files of every converted dataset `stat`ed (the same-file check);
 * - convert: every converted file hard-linked into a fresh tree of the same layout, each directory made
 *   once;
 * - registry rows: the run's own database rows of every dataset (the `dataset` row and every row that
 *   references it) deleted from a copy of the repository database, then written back by single-row
 *   prepared statements with the registry's pragmas: the converted inputs in one transaction, the
 *   outputs in one transaction per checkpoint group of units (what resuming after a kill needs; the
 *   harness groups {@link GEN3_UNITS_PER_CHECKPOINT} units), in the order they were written;
 * - results: `results.json` serialised (compact) and written.
 *
 * Everything else a harness does is left out: parsing FITS headers and decoding pixels, translating
 * data IDs, path templates, registry look-ups, the Gen2 registry, unit logs, stamps, module loading. The
 * floor is therefore a lower bound: no implementation of these stages on this machine can spend less.
 * Prints one JSON line ({@link HarnessFloorResult}).
 */
import { copyFileSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ReusedReadBuffers } from '../../ci_gen3/compare/reused-read-buffers.js';
import { GEN3_UNITS_PER_CHECKPOINT } from '../../ci_gen3/stages/run-side-stage.js';
import { gen3OutputCollections, runPaths } from '../../ci_gen3/stages/suite-run-context.js';

/** Where the finished run is and where the floor may write. */
export interface HarnessFloorOptions {
  /** The run directory (`gen2to3 ci run --out`). */
  readonly runDir: string;
  /** A fresh directory for the copies the floor writes. */
  readonly scratchDir: string;
  /** The suite's instrument (names the Gen3 output RUN). */
  readonly instrument: string;
}

/** Seconds of each part of the floor. */
export interface HarnessFloorResult {
  readonly compareReadSeconds: number;
  readonly parityStatSeconds: number;
  readonly convertLinkSeconds: number;
  readonly inputRowsSeconds: number;
  readonly outputRowsSeconds: number;
  readonly resultsWriteSeconds: number;
  readonly floorSeconds: number;
  readonly outputFilePairs: number;
  readonly outputBytes: number;
  readonly convertedFiles: number;
  readonly inputDatasets: number;
  readonly outputDatasets: number;
  readonly outputTransactions: number;
}

const HEADER_BLOCK = 2880;

/** Files under `dir` (recursively) whose path matches `keep`, sorted. */
function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(p)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function seconds(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

type Row = unknown[];

interface TableRows {
  readonly table: string;
  readonly insert: Database.Statement;
  /** Rows of each dataset (by id), in the table's column order. */
  readonly byDataset: Map<unknown, Row[]>;
}

/** The part of `results.json` the floor reads. */
interface RunResults {
  readonly suite: { readonly name: string };
  readonly steps: readonly { readonly gen3?: { readonly quanta?: number } }[];
}

function registryFloor(opts: HarnessFloorOptions, outputRun: string, units: number): Pick<HarnessFloorResult, 'inputRowsSeconds' | 'outputRowsSeconds' | 'inputDatasets' | 'outputDatasets' | 'outputTransactions'> {
  const file = path.join(opts.scratchDir, 'gen3.sqlite3');
  copyFileSync(path.join(runPaths.gen3Repo(opts.runDir), 'gen3.sqlite3'), file);
  const db = new Database(file);
  try {
    db.defaultSafeIntegers(true);
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -393216');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const run = db.prepare('SELECT collection_id FROM collection WHERE name = ?').pluck().get(outputRun);
    if (run === undefined) throw new Error(`the run's database has no RUN ${outputRun}`);
    const columns = (table: string): string[] => (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]);
    const children = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter((t) => t !== 'dataset' && columns(t).includes('dataset_id'));
    const datasetColumns = columns('dataset');
    const datasets = db.prepare(`SELECT ${datasetColumns.join(', ')} FROM dataset ORDER BY rowid`).raw().all() as Row[];
    const idAt = datasetColumns.indexOf('id');
    const runAt = datasetColumns.indexOf('run_id');
    const tables: TableRows[] = children.map((table) => {
      const cols = columns(table);
      const at = cols.indexOf('dataset_id');
      const byDataset = new Map<unknown, Row[]>();
      for (const row of db.prepare(`SELECT ${cols.join(', ')} FROM ${table}`).raw().all() as Row[]) {
        const list = byDataset.get(row[at]);
        if (list) list.push(row);
        else byDataset.set(row[at], [row]);
      }
      return { table, insert: db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`), byDataset };
    });
    db.transaction(() => {
      for (const t of tables) db.prepare(`DELETE FROM ${t.table}`).run();
      db.prepare('DELETE FROM dataset').run();
    })();
    const insertDataset = db.prepare(`INSERT INTO dataset (${datasetColumns.join(', ')}) VALUES (${datasetColumns.map(() => '?').join(', ')})`);
    const write = db.transaction((rows: readonly Row[]) => {
      for (const d of rows) insertDataset.run(d);
      for (const t of tables) for (const d of rows) for (const r of t.byDataset.get(d[idAt]) ?? []) t.insert.run(r);
    });
    const inputs = datasets.filter((d) => d[runAt] !== run);
    const outputs = datasets.filter((d) => d[runAt] === run);
    const inputRowsSeconds = seconds(() => write(inputs));
    const transactions = Math.max(1, Math.min(Math.ceil(units / GEN3_UNITS_PER_CHECKPOINT), outputs.length));
    const outputRowsSeconds = seconds(() => {
      for (let u = 0; u < transactions; u++) write(outputs.slice(Math.floor((u * outputs.length) / transactions), Math.floor(((u + 1) * outputs.length) / transactions)));
    });
    return { inputRowsSeconds, outputRowsSeconds, inputDatasets: inputs.length, outputDatasets: outputs.length, outputTransactions: transactions };
  } finally {
    db.close();
  }
}

function main(opts: HarnessFloorOptions): HarnessFloorResult {
  rmSync(opts.scratchDir, { recursive: true, force: true });
  mkdirSync(opts.scratchDir, { recursive: true });
  const results = JSON.parse(readFileSync(path.join(opts.runDir, 'results.json'), 'utf8')) as RunResults;
  const gen3Root = runPaths.gen3Repo(opts.runDir);
  const outputRun = gen3OutputCollections(opts.instrument, results.suite.name).run;
  const isFits = (f: string): boolean => f.endsWith('.fits');
  const gen2Outputs = filesUnder(runPaths.gen2Output(opts.runDir), isFits);
  const gen3Outputs = filesUnder(path.join(gen3Root, ...outputRun.split('/')), isFits);
  if (gen2Outputs.length !== gen3Outputs.length) throw new Error(`${gen2Outputs.length} Gen2 output files against ${gen3Outputs.length} Gen3 ones`);
  const runsDir = path.join(gen3Root, opts.instrument, 'runs') + path.sep;
  const gen3Inputs = filesUnder(path.join(gen3Root, opts.instrument), (f) => isFits(f) && !f.startsWith(runsDir));
  const gen2Root = runPaths.demoRoot(opts.runDir);
  const gen2Inputs = filesUnder(gen2Root, (f) => isFits(f) && !f.startsWith(path.join(gen2Root, 'rerun') + path.sep));

  // The compare stage's own whole-file reads into reused buffers (one slot per side).
  const buffers = new ReusedReadBuffers();
  let outputBytes = 0;
  let sink = 0;
  const compareReadSeconds = seconds(() => {
    for (let i = 0; i < gen2Outputs.length; i++) {
      const a = buffers.read(0, gen2Outputs[i]!);
      const b = buffers.read(1, gen3Outputs[i]!);
      outputBytes += a.length + b.length;
      sink += a.subarray(HEADER_BLOCK).compare(b.subarray(HEADER_BLOCK));
    }
  });
  const parityStatSeconds = seconds(() => {
    for (const f of gen3Inputs) sink += lstatSync(f).ino > 0 ? 1 : 0;
    for (const f of gen2Inputs) sink += lstatSync(f).ino > 0 ? 1 : 0;
  });
  const linkRoot = path.join(opts.scratchDir, 'links');
  const convertLinkSeconds = seconds(() => {
    const made = new Set<string>();
    for (const f of gen3Inputs) {
      const target = path.join(linkRoot, path.relative(gen3Root, f));
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      linkSync(f, target);
    }
  });
  const rows = registryFloor(opts, outputRun, results.steps.reduce((n, s) => n + (s.gen3?.quanta ?? 0), 0));
  const resultsWriteSeconds = seconds(() => writeFileSync(path.join(opts.scratchDir, 'results.json'), JSON.stringify(results)));
  if (Number.isNaN(sink)) throw new Error('unreachable');
  rmSync(opts.scratchDir, { recursive: true, force: true });
  const floorSeconds = compareReadSeconds + parityStatSeconds + convertLinkSeconds + rows.inputRowsSeconds + rows.outputRowsSeconds + resultsWriteSeconds;
  return {
    compareReadSeconds,
    parityStatSeconds,
    convertLinkSeconds,
    inputRowsSeconds: rows.inputRowsSeconds,
    outputRowsSeconds: rows.outputRowsSeconds,
    resultsWriteSeconds,
    floorSeconds,
    outputFilePairs: gen2Outputs.length,
    outputBytes,
    convertedFiles: gen3Inputs.length,
    inputDatasets: rows.inputDatasets,
    outputDatasets: rows.outputDatasets,
    outputTransactions: rows.outputTransactions,
  };
}

try {
  process.stdout.write(`${JSON.stringify(main(JSON.parse(process.argv[2] ?? '{}') as HarnessFloorOptions))}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
