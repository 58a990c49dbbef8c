/**
 * `butler ingest-files REPO DATASET_TYPE RUN TABLE_FILE`: one dataset per table row (rows naming the
 * same file share it), registered in RUN and stored with the chosen transfer mode, in one registry
 * transaction with the transfers undone on failure. Dimension records are not created.
 */
import path from 'node:path';
import type { DimensionUniverse } from '../dimensions/index.js';
import type { DatasetIdGenMode } from '../ids/index.js';
import type { DatasetRef, Registry } from '../registry/index.js';
import { MissingDatasetTypeError } from '../registry/index.js';
import { DimensionRecordCache } from '../transfer/dimension-record-cache.js';
import { IngestTableError } from '../transfer/repository-transfer-errors.js';
import { templateRefFor } from '../transfer/template-refs.js';
import type { FileDatastoreRecord } from './datastore-records.js';
import { fileUriToPath } from './file-uri.js';
import type { FileTemplates } from './file-templates.js';
import type { IngestTable, TableCell } from './ingest-files-table.js';
import { TransferBatch } from './transfer-batch.js';
import type { TransferMode } from './transfer-mode.js';
import { planTransfers, type TransferRequest } from './transfer-plan.js';

/** Options of {@link ingestFilesFromTable}. */
export interface IngestFilesOptions {
  readonly datasetType: string;
  readonly run: string;
  /** Values fixed for every row (`--data-id`); they override table columns. */
  readonly dataId?: Readonly<Record<string, string | number | bigint>>;
  /** Formatter class for every file; else `defaultFormatter(storageClass)`. */
  readonly formatter?: string;
  /** The datastore's formatter for a storage class when `formatter` is not given. */
  readonly defaultFormatter?: (storageClass: string, datasetType: string) => string | undefined;
  /** Default `UNIQUE`. */
  readonly idMode?: DatasetIdGenMode;
  /** Base of relative paths in the table (default the working directory). */
  readonly prefix?: string;
  /** Default `auto`. */
  readonly transfer?: TransferMode;
  /** Record file sizes (default true). */
  readonly recordValidationInfo?: boolean;
  readonly templates?: FileTemplates;
  /** Name of the table file, for messages. */
  readonly tableFile?: string;
}

/** What was ingested. */
export interface IngestFilesResult {
  readonly refs: DatasetRef[];
  readonly files: number;
}

/**
 * `--data-id k=v` strings → values typed by the dimension's primary key (daf_butler `parse_data_id_tuple`).
 * @throws IngestTableError for a malformed pair or an unknown dimension.
 */
export function parseDataIdPairs(pairs: readonly string[], universe: DimensionUniverse): Record<string, string | number | bigint> {
  const out: Record<string, string | number | bigint> = {};
  for (const p of pairs) {
    const parts = p.split('=');
    if (parts.length !== 2) throw new IngestTableError('--data-id', `${JSON.stringify(p)} is not keyword=value`);
    const [k, v] = parts as [string, string];
    if (!universe.has(k) || universe.element(k).kind === 'join') throw new IngestTableError('--data-id', `DataID dimension '${k}' is not known to this universe.`);
    const type = universe.element(k).keys[0]?.type;
    if (type === 'int') {
      if (!/^[+-]?\d+$/.test(v.trim())) throw new IngestTableError('--data-id', `${k}=${v}: not an integer`);
      out[k] = Number(v);
    } else out[k] = v;
  }
  return out;
}

function cellValue(v: TableCell): string | number | bigint {
  return typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

function localPath(cell: string, prefix: string): string {
  const local = fileUriToPath(cell);
  if (local !== undefined) return local;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(cell)) throw new IngestTableError('table', `${cell}: only local files and file:// URIs can be ingested`);
  return path.resolve(prefix, cell);
}

/**
 * Ingests the files of `table` into the repository at `root`: registers RUN when missing, inserts
 * the datasets (ids by `idMode`), transfers the files and writes their datastore records, all or nothing.
 * @throws MissingDatasetTypeError, IngestTableError, the registry's typed errors, TransferError
 */
export async function ingestFilesFromTable(registry: Registry, root: string, table: IngestTable, options: IngestFilesOptions): Promise<IngestFilesResult> {
  const tableName = options.tableFile ?? 'table';
  const type = await registry.findDatasetType(options.datasetType);
  if (!type) throw new MissingDatasetTypeError(options.datasetType);
  const formatter = options.formatter ?? options.defaultFormatter?.(type.storageClass, type.name);
  if (formatter === undefined) throw new IngestTableError(tableName, `no formatter known for storage class ${type.storageClass}; give --formatter`);
  const prefix = options.prefix ?? process.cwd();
  const [, ...dimColumns] = table.columns;
  // Rows grouped by file, in first-seen order (daf_butler groups by ResourcePath).
  const byFile = new Map<string, Record<string, string | number | bigint>[]>();
  for (const row of table.rows) {
    const [file, ...cells] = row;
    const dataId: Record<string, string | number | bigint> = {};
    dimColumns.forEach((c, k) => {
      const v = cells[k];
      if (v !== undefined) dataId[c] = cellValue(v);
    });
    Object.assign(dataId, options.dataId ?? {});
    const abs = localPath(String(file), prefix);
    byFile.set(abs, [...(byFile.get(abs) ?? []), dataId]);
  }
  if (byFile.size === 0) throw new IngestTableError(tableName, 'the table has no rows');
  const batch = new TransferBatch({ recordValidationInfo: options.recordValidationInfo ?? true });
  let result: IngestFilesResult;
  try {
    result = await registry.transaction(async (r) => {
      await r.registerRun(options.run);
      const sources = [...byFile.keys()];
      const flat = sources.flatMap((s) => byFile.get(s) ?? []);
      const refs = await r.insertDatasets(type.name, options.run, flat, { idMode: options.idMode ?? 'UNIQUE' });
      const cache = new DimensionRecordCache(r);
      const requests: { request: TransferRequest; others: DatasetRef[] }[] = [];
      let k = 0;
      for (const s of sources) {
        const n = byFile.get(s)?.length ?? 0;
        const fileRefs = refs.slice(k, k + n);
        k += n;
        const first = fileRefs[0] as DatasetRef;
        requests.push({ request: { ref: await templateRefFor(cache, type, first), source: s, formatter }, others: fileRefs.slice(1) });
      }
      const { plans } = planTransfers(
        requests.map((x) => x.request),
        { root, mode: options.transfer ?? 'auto', ...(options.templates ? { templates: options.templates } : {}) },
      );
      const records: FileDatastoreRecord[] = [];
      for (const [i, p] of plans.entries()) {
        const rec = await batch.apply(p);
        records.push(rec);
        for (const o of requests[i]?.others ?? []) records.push(Object.assign({}, rec, { dataset_id: o.id }));
      }
      await r.insertFileRecords(records);
      return { refs, files: plans.length };
    });
  } catch (e) {
    await batch.rollback();
    throw e;
  }
  await batch.commit();
  return result;
}
