/**
 * Child process of the registry-insert benchmark (one per measurement, so that its peak RSS is its
 * own): `node registry-insert-worker.js <json options>`. Creates a repository (SQLite file under
 * `root`, or PostgreSQL `db`), inserts DemoCam-like dimension records, registers `raw` and the RUN,
 * then inserts `n` raw datasets (DATAID_TYPE_RUN ids) in batches — one `Registry.ingestDatasets` call
 * (one transaction) per batch writing `dataset`, tags, `file_datastore_records` (a `direct`
 * `file://` URI) and `dataset_location` rows — and times find-first lookups of random data IDs. Prints one JSON line
 * ({@link WorkerResult}) on stdout; progress on stderr.
 */
import { createRepository, openRepository } from '../../src/gen3/repo/index.js';
import { Registry } from '../../src/gen3/registry/index.js';
import { prng } from '../helpers/prng.js';
import { setUpInsertRepository } from './registry-insert-setup.js';
import { percentile } from './timing.js';
import { EXPOSURE0, INSTRUMENT, RAW_FORMATTER, RUN, type WorkerOptions, type WorkerResult, rawFilePath } from './registry-insert-shared.js';

async function main(opts: WorkerOptions): Promise<WorkerResult> {
  const log = (m: string): void => void process.stderr.write(`  [${opts.label}] ${m}\n`);
  await createRepository(opts.root, opts.db ? { db: opts.db } : {});
  const repo = await openRepository(opts.root);
  try {
    const registry = Registry.of(repo);
    const setupStart = performance.now();
    await setUpInsertRepository(registry, opts);
    const setupMs = performance.now() - setupStart;
    log(`setup (${Math.ceil(opts.n / opts.detectors)} exposures × ${opts.detectors} detectors) ${(setupMs / 1000).toFixed(1)} s`);

    const batchMs: number[] = [];
    const insertStart = performance.now();
    let lastLog = insertStart;
    for (let i0 = 0; i0 < opts.n; i0 += opts.batch) {
      const t = performance.now();
      const count = Math.min(opts.batch, opts.n - i0);
      const dataIds = Array.from({ length: count }, (_, k) => {
        const i = i0 + k;
        return { instrument: INSTRUMENT, detector: i % opts.detectors, exposure: EXPOSURE0 + Math.floor(i / opts.detectors) };
      });
      await registry.ingestDatasets(
        'raw',
        RUN,
        dataIds.map((dataId) => ({
          dataId,
          path: `file://${rawFilePath(opts.filesDir, dataId.exposure, dataId.detector)}`,
          formatter: RAW_FORMATTER,
          storageClass: 'Exposure',
          fileSize: 0,
        })),
        { idMode: 'DATAID_TYPE_RUN' },
      );
      const now = performance.now();
      batchMs.push(now - t);
      if (now - lastLog > 10_000) {
        lastLog = now;
        const done = i0 + count;
        log(`${done.toLocaleString('en-US')} datasets, ${Math.round(done / ((now - insertStart) / 1000))}/s overall, last batch ${Math.round(now - t)} ms`);
      }
    }
    const insertMs = performance.now() - insertStart;
    log(`inserted ${opts.n.toLocaleString('en-US')} in ${(insertMs / 1000).toFixed(1)} s`);

    // find-first lookups: warm-up, then `lookups` random data IDs (same seed on every engine)
    const random = prng(20261125);
    const pick = () => {
      const i = Math.floor(random() * opts.n);
      return { instrument: INSTRUMENT, detector: i % opts.detectors, exposure: EXPOSURE0 + Math.floor(i / opts.detectors) };
    };
    for (let k = 0; k < 50; k++) await registry.findDataset('raw', pick(), RUN);
    const lookupMs: number[] = [];
    let misses = 0;
    for (let k = 0; k < opts.lookups; k++) {
      const dataId = pick();
      const t = performance.now();
      const ref = await registry.findDataset('raw', dataId, RUN);
      lookupMs.push(performance.now() - t);
      if (!ref) misses++;
    }
    lookupMs.sort((a, b) => a - b);
    const sortedBatches = [...batchMs].sort((a, b) => a - b);
    return {
      label: opts.label,
      n: opts.n,
      batch: opts.batch,
      setupMs,
      insertMs,
      datasetsPerSecond: opts.n / (insertMs / 1000),
      firstBatchMs: batchMs[0] ?? NaN,
      lastBatchMs: batchMs[batchMs.length - 1] ?? NaN,
      medianBatchMs: percentile(sortedBatches, 50),
      lookupP50Ms: percentile(lookupMs, 50),
      lookupP95Ms: percentile(lookupMs, 95),
      lookupMisses: misses,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await repo.close();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as WorkerOptions).then(
  (result) => void process.stdout.write(`${JSON.stringify(result)}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
