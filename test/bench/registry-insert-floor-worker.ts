/**
 * Child process of the registry-insert benchmark measuring the database's own floor:
 * `node registry-insert-floor-worker.js <json options>`. Sets the repository up exactly as the main
 * worker does (through our Registry), precomputes the rows of `n` raw datasets (the same
 * DATAID_TYPE_RUN ids, direct URIs, dataset_location rows), and then times only the database writing
 * them into daf_butler's tables with its constraints and indexes, one transaction per batch:
 * SQLite through better-sqlite3 single-row prepared statements (the pragmas our registry uses),
 * PostgreSQL through `COPY … FROM STDIN` (psql `\copy`, the fastest way into PostgreSQL). No checks,
 * no conflict handling: an upper bound for any client. Prints one JSON line ({@link FloorResult}).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createRepository, openRepository } from '../../src/gen3/repo/index.js';
import { Registry } from '../../src/gen3/registry/index.js';
import { makeDatasetId } from '../../src/gen3/ids/dataset-id-factory.js';
import { setUpInsertRepository } from './registry-insert-setup.js';
import { EXPOSURE0, INSTRUMENT, RAW_FORMATTER, RUN, type WorkerOptions, rawFilePath } from './registry-insert-shared.js';

/** What the floor worker measured. */
export interface FloorResult {
  readonly label: string;
  readonly n: number;
  readonly insertMs: number;
  readonly datasetsPerSecond: number;
}

const DATASTORE = 'FileDatastore@<butlerRoot>';
const INGEST_DATE = 1795640063669000000n;

interface Row {
  readonly id: string;
  readonly detector: number;
  readonly exposure: number;
  readonly uri: string;
}

interface Keys {
  readonly datasetTypeId: number;
  readonly tagsTable: string;
  readonly runId: number;
}

function rows(opts: WorkerOptions, i0: number, count: number): Row[] {
  const out: Row[] = [];
  for (let i = i0; i < i0 + count; i++) {
    const detector = i % opts.detectors;
    const exposure = EXPOSURE0 + Math.floor(i / opts.detectors);
    const id = makeDatasetId({ datasetType: 'raw', run: RUN, requiredDataId: { instrument: INSTRUMENT, detector, exposure } }, 'DATAID_TYPE_RUN');
    out.push({ id, detector, exposure, uri: `file://${rawFilePath(opts.filesDir, exposure, detector)}` });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function sqliteFloor(opts: WorkerOptions, keys: Keys, batches: readonly Row[][]): number {
  const db = new Database(path.join(opts.root, 'gen3.sqlite3'));
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -393216');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.prepare('INSERT INTO collection_summary_dataset_type (collection_id, dataset_type_id) VALUES (?, ?)').run(keys.runId, keys.datasetTypeId);
    db.prepare('INSERT INTO collection_summary_instrument (collection_id, instrument) VALUES (?, ?)').run(keys.runId, INSTRUMENT);
    const dataset = db.prepare('INSERT INTO dataset (id, dataset_type_id, ingest_date, run_id) VALUES (?, ?, ?, ?)');
    const tags = db.prepare(`INSERT INTO ${keys.tagsTable} (dataset_type_id, dataset_id, collection_id, instrument, detector, exposure) VALUES (?, ?, ?, ?, ?, ?)`);
    const records = db.prepare('INSERT INTO file_datastore_records (dataset_id, path, formatter, storage_class, component, checksum, file_size) VALUES (?, ?, ?, ?, ?, NULL, 0)');
    const location = db.prepare('INSERT INTO dataset_location (datastore_name, dataset_id) VALUES (?, ?)');
    const hex = batches.map((b) => b.map((r) => r.id.replace(/-/g, '')));
    const started = performance.now();
    batches.forEach((batch, b) => {
      const ids = hex[b]!;
      db.transaction(() => {
        for (let i = 0; i < batch.length; i++) dataset.run(ids[i], keys.datasetTypeId, INGEST_DATE, keys.runId);
        for (let i = 0; i < batch.length; i++) tags.run(keys.datasetTypeId, ids[i], keys.runId, INSTRUMENT, batch[i]!.detector, batch[i]!.exposure);
        for (let i = 0; i < batch.length; i++) records.run(ids[i], batch[i]!.uri, RAW_FORMATTER, 'Exposure', '__NULL_STRING__');
        for (let i = 0; i < batch.length; i++) location.run(DATASTORE, ids[i]);
      })();
    });
    return performance.now() - started;
  } finally {
    db.close();
  }
}

async function postgresFloor(opts: WorkerOptions & { db: string }, keys: Keys, batches: readonly Row[][]): Promise<number> {
  const client = new pg.Client({ connectionString: opts.db });
  await client.connect();
  try {
    await client.query('INSERT INTO collection_summary_dataset_type (collection_id, dataset_type_id) VALUES ($1, $2)', [keys.runId, keys.datasetTypeId]);
    await client.query('INSERT INTO collection_summary_instrument (collection_id, instrument) VALUES ($1, $2)', [keys.runId, INSTRUMENT]);
  } finally {
    await client.end();
  }
  // the COPY input files of every batch are written before timing starts
  const scripts = batches.map((batch, b) => {
    const file = (name: string, lines: string[]) => {
      const f = path.join(opts.root, `floor-${b}-${name}.tsv`);
      writeFileSync(f, `${lines.join('\n')}\n`);
      return f;
    };
    return [
      `\\copy dataset (id, dataset_type_id, ingest_date, run_id) FROM '${file('dataset', batch.map((r) => `${r.id}\t${keys.datasetTypeId}\t${INGEST_DATE}\t${keys.runId}`))}'`,
      `\\copy ${keys.tagsTable} (dataset_type_id, dataset_id, collection_id, instrument, detector, exposure) FROM '${file('tags', batch.map((r) => `${keys.datasetTypeId}\t${r.id}\t${keys.runId}\t${INSTRUMENT}\t${r.detector}\t${r.exposure}`))}'`,
      `\\copy file_datastore_records (dataset_id, path, formatter, storage_class, component, file_size) FROM '${file('records', batch.map((r) => `${r.id}\t${r.uri}\t${RAW_FORMATTER}\tExposure\t__NULL_STRING__\t0`))}'`,
      `\\copy dataset_location (datastore_name, dataset_id) FROM '${file('location', batch.map((r) => `${DATASTORE}\t${r.id}`))}'`,
    ];
  });
  const started = performance.now();
  for (const commands of scripts) {
    const r = spawnSync('psql', ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', ...commands.flatMap((c) => ['-c', c]), opts.db], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`psql exited with ${r.status}: ${r.stderr}`);
  }
  return performance.now() - started;
}

async function main(opts: WorkerOptions): Promise<FloorResult> {
  await createRepository(opts.root, { ...(opts.db ? { db: opts.db } : {}), createDatastoreRecords: true });
  const repo = await openRepository(opts.root);
  let keys: Keys;
  try {
    const registry = Registry.of(repo);
    await setUpInsertRepository(registry, opts);
    const knex = repo.db.knex;
    const type = (await knex('dataset_type').where({ name: 'raw' }).first('id', 'tag_association_table')) as { id: number | bigint; tag_association_table: string };
    const run = (await knex('collection').where({ name: RUN }).first('collection_id')) as { collection_id: number | bigint };
    keys = { datasetTypeId: Number(type.id), tagsTable: type.tag_association_table, runId: Number(run.collection_id) };
  } finally {
    await repo.close();
  }
  const batches: Row[][] = [];
  for (let i0 = 0; i0 < opts.n; i0 += opts.batch) batches.push(rows(opts, i0, Math.min(opts.batch, opts.n - i0)));
  process.stderr.write(`  [${opts.label}] rows of ${opts.n.toLocaleString('en-US')} datasets precomputed; writing\n`);
  const insertMs = opts.db ? await postgresFloor({ ...opts, db: opts.db }, keys, batches) : sqliteFloor(opts, keys, batches);
  return { label: opts.label, n: opts.n, insertMs, datasetsPerSecond: opts.n / (insertMs / 1000) };
}

main(JSON.parse(process.argv[2] ?? '{}') as WorkerOptions).then(
  (result) => void process.stdout.write(`${JSON.stringify(result)}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
