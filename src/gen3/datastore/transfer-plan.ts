import path from 'node:path';
import { NULL_COMPONENT } from './datastore-records.js';
import { TransferError } from './errors.js';
import { fileExtension, fileUri, pathInRoot } from './file-uri.js';
import { FileTemplates } from './file-templates.js';
import { splitDatasetTypeName, type TemplateRef } from './template-ref.js';
import { resolveTransferMode, type FileOperation, type TransferMode } from './transfer-mode.js';

/** One file to ingest for one dataset. */
export interface TransferRequest {
  /** The dataset (its ID, type, data ID with records when the template needs them, run). */
  readonly ref: TemplateRef;
  /** Source file: absolute, or relative to the datastore root. */
  readonly source: string;
  /** Fully-qualified formatter class name recorded for the file. */
  readonly formatter: string;
}

/** A planned transfer: everything decided, nothing done. */
export interface TransferPlan {
  readonly datasetId: string;
  readonly operation: FileOperation;
  /** Absolute source path. */
  readonly source: string;
  /** Absolute target path; equal to `source` for `none` and `direct`. */
  readonly target: string;
  /** `file_datastore_records.path`: relative to the root, or the `file://` URI for `direct`. */
  readonly recordPath: string;
  readonly formatter: string;
  readonly storageClass: string;
  /** Component name or `__NULL_STRING__`. */
  readonly component: string;
}

/** Options of {@link planTransfers}. */
export interface PlanTransferOptions {
  /** Absolute datastore root (the repository directory). */
  readonly root: string;
  /** Transfer mode of the batch. Default is `'auto'`. */
  readonly mode?: TransferMode;
  /** Templates for target names. Default is the pinned daf_butler defaults. */
  readonly templates?: FileTemplates;
}

/** The plans of a batch, and whether `auto` had to `split` it (daf_butler warns then). */
export interface TransferPlanSet {
  readonly plans: TransferPlan[];
  readonly split: boolean;
}

/**
 * Plans the ingest of a batch of files (pure: no file-system access). `auto` is resolved over the
 * whole batch as daf_butler does; file operations target `template.format(ref)` + the source's
 * extension (`.fits.gz` kept whole); `none` records the path relative to the root, `direct` the
 * absolute `file://` URI.
 * @throws TransferError for a `none` file outside the root; FileTemplateError when a template fails.
 */
export function planTransfers(requests: readonly TransferRequest[], opts: PlanTransferOptions): TransferPlanSet {
  const root = path.posix.resolve(opts.root);
  const templates = opts.templates ?? new FileTemplates();
  const sources = requests.map((r) => path.posix.resolve(root, r.source));
  const inRoot = sources.map((s) => pathInRoot(root, s));
  const { operations, split } = resolveTransferMode(opts.mode ?? 'auto', inRoot.map((p) => p !== undefined));
  const plans = requests.map((req, i): TransferPlan => {
    const source = sources[i] as string;
    const operation = operations[i] as FileOperation;
    const [, component] = splitDatasetTypeName(req.ref.datasetType.name);
    const plan = (target: string, recordPath: string): TransferPlan => ({
      datasetId: req.ref.id,
      operation,
      source,
      formatter: req.formatter,
      storageClass: req.ref.datasetType.storageClass,
      component: component ?? NULL_COMPONENT,
      target,
      recordPath,
    });
    if (operation === 'direct') return plan(source, fileUri(source));
    if (operation === 'none') {
      const rel = inRoot[i];
      if (rel === undefined) throw new TransferError(source, `transfer is none but ${source} is not within the datastore ${root}`);
      return plan(source, rel);
    }
    const recordPath = templates.format(req.ref) + fileExtension(source);
    return plan(path.posix.join(root, recordPath), recordPath);
  });
  return { plans, split };
}

/** {@link planTransfers} for a single file. */
export function planTransfer(request: TransferRequest, opts: PlanTransferOptions): TransferPlan {
  return planTransfers([request], opts).plans[0] as TransferPlan;
}
