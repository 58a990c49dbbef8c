import { randomBytes } from 'node:crypto';
import { promises as fs, lstat as lstatCallback, link as linkCallback, stat as statCallback, symlink as symlinkCallback, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { mapLimit } from '../../async/map-limit.js';
import { isErrnoError } from '../../errors.js';
import { fileChecksum } from './checksum.js';
import type { FileDatastoreRecord } from './datastore-records.js';
import { TransferError } from './errors.js';
import type { TransferPlan } from './transfer-plan.js';

/** Options of a {@link TransferBatch}. */
export interface TransferBatchOptions {
  /** Record a BLAKE2b checksum (daf_butler `datastore.checksum`). Default is `false`, as in daf_butler. */
  readonly checksum?: boolean;
  /** Record size (and checksum); `false` gives `file_size` −1 (daf_butler `record_validation_info`). Default is `true`. */
  readonly recordValidationInfo?: boolean;
  /** Replace a different file already at the target (daf_butler does). Default is `true`; the old file is kept until {@link TransferBatch.commit}. */
  readonly overwrite?: boolean;
  /** File operations {@link TransferBatch.applyAll} keeps in flight (plans with one target run in order). Default 16. */
  readonly concurrency?: number;
}

type Undo =
  | { kind: 'remove'; path: string }
  | { kind: 'unmove'; target: string; source: string }
  | { kind: 'restore'; backup: string; target: string }
  | { kind: 'rmdir'; path: string };

// The per-file calls through the callback API: fs.promises costs twice the main-thread time per call
// (measured 9 vs 4.5 µs per lstat, 100k files, 16 in flight).
const lstatFile = promisify(lstatCallback);
const statFile = promisify(statCallback);
const linkFile = promisify(linkCallback);
const symlinkFile = promisify(symlinkCallback);

function tempName(target: string, tag: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${tag}-${randomBytes(6).toString('hex')}`);
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await lstatFile(p);
  } catch (e) {
    if (isErrnoError(e, 'ENOENT')) return undefined;
    throw e;
  }
}

async function removeQuietly(p: string): Promise<void> {
  await fs.rm(p, { force: true }).catch(() => undefined);
}

/**
 * Applies transfer plans with an undo journal, so that a database failure can remove every file
 * the batch wrote: each file appears atomically (copies written under a temporary name in the
 * target directory, then renamed; links made in place, which is atomic), a file replaced at the target is kept aside until {@link commit}, and
 * {@link rollback} undoes everything in reverse order (moved files go back, created directories
 * are removed when empty).
 *
 * @example
 * const batch = new TransferBatch();
 * const records = await batch.applyAll(plans);
 * try { await insertRows(records); await batch.commit(); } catch (e) { await batch.rollback(); throw e; }
 */
export class TransferBatch {
  private readonly journal: Undo[] = [];
  private readonly backups: string[] = [];
  /** Directories known to exist (created by this batch or found there): no `mkdir` per file. */
  private readonly dirs = new Set<string>();
  /** `realpath` of source directories. */
  private readonly realDirs = new Map<string, Promise<string>>();
  private done = false;

  constructor(private readonly opts: TransferBatchOptions = {}) {}

  /**
   * Applies every plan, up to `concurrency` at a time (plans with the same target one after the
   * other, in order); returns the records in plan order. On a failure, waits for the operations in
   * flight, undoes this batch and rethrows the first error.
   */
  async applyAll(plans: readonly TransferPlan[]): Promise<FileDatastoreRecord[]> {
    const records = new Array<FileDatastoreRecord>(plans.length);
    const byTarget = new Map<string, number[]>();
    plans.forEach((p, i) => {
      const list = byTarget.get(p.target);
      if (list) list.push(i);
      else byTarget.set(p.target, [i]);
    });
    try {
      await mapLimit([...byTarget.values()], this.opts.concurrency ?? 16, async (group) => {
        for (const i of group) records[i] = await this.apply(plans[i]!);
      });
    } catch (e) {
      await this.rollback();
      throw e;
    }
    return records;
  }

  /**
   * Performs one plan's file operation and returns its `file_datastore_records` row. A failed
   * operation leaves nothing of itself behind (earlier plans stay until {@link rollback}).
   * @throws TransferError when the source is missing or the file operation fails.
   */
  async apply(plan: TransferPlan): Promise<FileDatastoreRecord> {
    if (this.done) throw new TransferError(plan.source, 'this transfer batch is already committed or rolled back');
    const info = this.opts.recordValidationInfo ?? true;
    let size = -1;
    let checksum: string | null = null;
    let own: Stats;
    try {
      own = await lstatFile(plan.source);
      const st = own.isSymbolicLink() ? await statFile(plan.source) : own;
      if (!st.isFile()) throw new TransferError(plan.source, `${plan.source} is not a regular file`);
      if (info) {
        size = st.size;
        if (this.opts.checksum) checksum = await fileChecksum(plan.source);
      }
    } catch (e) {
      if (e instanceof TransferError) throw e;
      throw new TransferError(plan.source, `source URI ${plan.source} does not exist or cannot be read`, { cause: e });
    }
    if (plan.operation !== 'none' && plan.operation !== 'direct') await this.transfer(plan, own);
    return {
      dataset_id: plan.datasetId,
      path: plan.recordPath,
      formatter: plan.formatter,
      storage_class: plan.storageClass,
      component: plan.component,
      checksum,
      file_size: size,
    };
  }

  /** The source with every symbolic link resolved (`realpath`, its directory's looked up once per batch). */
  private async realSource(source: string, linked: boolean): Promise<string> {
    if (linked) return fs.realpath(source);
    const dir = path.dirname(source);
    let real = this.realDirs.get(dir);
    if (!real) {
      real = fs.realpath(dir);
      this.realDirs.set(dir, real);
      real.catch(() => this.realDirs.delete(dir));
    }
    return path.join(await real, path.basename(source));
  }

  /** Creates the target's directory unless known to exist; returns the undo steps of what it created (outermost first). */
  private async makeDirectory(dir: string): Promise<Undo[]> {
    if (this.dirs.has(dir)) return [];
    const created: Undo[] = [];
    const firstCreated = await fs.mkdir(dir, { recursive: true });
    if (firstCreated) {
      for (let d = dir; ; d = path.dirname(d)) {
        created.push({ kind: 'rmdir', path: d });
        if (d === firstCreated || d === path.dirname(d)) break;
      }
      created.reverse();
    }
    this.dirs.add(dir);
    return created;
  }

  /** `own`: the source's `lstat` (the link itself when it is one). */
  private async transfer(plan: TransferPlan, own: Stats): Promise<void> {
    const { source, target, operation } = plan;
    const existing = await lstatOrUndefined(target);
    if (existing) {
      if (existing.isDirectory()) throw new TransferError(source, `destination path '${target}' is a directory; transfer from ${source} cannot be completed`);
      if (existing.ino === own.ino && existing.dev === own.dev) return; // same file: nothing to do
      if (this.opts.overwrite === false) throw new TransferError(source, `destination path '${target}' already exists; transfer from ${source} cannot be completed`);
    }
    const local: Undo[] = [];
    let temp: string | undefined;
    try {
      local.push(...(await this.makeDirectory(path.dirname(target))));
      if (existing) {
        const backup = tempName(target, 'replaced');
        await fs.rename(target, backup);
        local.push({ kind: 'restore', backup, target });
      }
      const real = await this.realSource(source, own.isSymbolicLink());
      // links appear whole or not at all: made at the target directly; file contents are written
      // under a temporary name and renamed
      switch (operation) {
        case 'copy':
          temp = tempName(target, 'transfer-tmp');
          await fs.copyFile(real, temp);
          await fs.rename(temp, target);
          local.push({ kind: 'remove', path: target });
          break;
        case 'move':
          try {
            await fs.rename(source, target);
          } catch (e) {
            if (!isErrnoError(e, 'EXDEV')) throw e;
            temp = tempName(target, 'transfer-tmp');
            await fs.copyFile(real, temp);
            await fs.rename(temp, target);
            await fs.unlink(source);
          }
          local.push({ kind: 'unmove', target, source });
          break;
        case 'hardlink':
          await linkFile(real, target);
          local.push({ kind: 'remove', path: target });
          break;
        case 'link':
          try {
            await linkFile(real, target);
          } catch (e) {
            if (isErrnoError(e, 'EEXIST')) throw e;
            await symlinkFile(real, target);
          }
          local.push({ kind: 'remove', path: target });
          break;
        case 'symlink':
          await symlinkFile(real, target);
          local.push({ kind: 'remove', path: target });
          break;
        case 'relsymlink':
          await symlinkFile(path.relative(path.dirname(target), real), target);
          local.push({ kind: 'remove', path: target });
          break;
        default:
          throw new TransferError(source, `transfer mode '${operation}' does not move files`);
      }
    } catch (e) {
      if (temp) await removeQuietly(temp);
      await undoAll(local);
      this.dirs.delete(path.dirname(target));
      if (e instanceof TransferError) throw e;
      throw new TransferError(source, `${operation} of ${source} to ${target} failed: ${(e as Error).message}`, { cause: e });
    }
    for (const u of local) {
      this.journal.push(u);
      if (u.kind === 'restore') this.backups.push(u.backup);
    }
  }

  /** Keeps every transferred file: deletes the files that were replaced. Call after the database transaction committed. */
  async commit(): Promise<void> {
    this.done = true;
    for (const b of this.backups) await removeQuietly(b);
    this.backups.length = 0;
    this.journal.length = 0;
  }

  /**
   * Undoes every applied transfer in reverse order: removes copied/linked files, moves moved files
   * back, restores replaced files, removes directories the batch created when empty.
   * @throws TransferError listing what could not be undone (all steps are attempted).
   */
  async rollback(): Promise<void> {
    this.done = true;
    const journal = this.journal.splice(0);
    this.backups.length = 0;
    this.dirs.clear();
    await undoAll(journal);
  }
}

async function undoAll(journal: Undo[]): Promise<void> {
  const failures: string[] = [];
  // files in reverse order, then created directories deepest first (operations ran concurrently, so a
  // directory's creator may have finished before other files went into it)
  const dirs = journal.filter((u) => u.kind === 'rmdir').sort((a, b) => b.path.length - a.path.length);
  for (const u of [...journal.filter((x) => x.kind !== 'rmdir').reverse(), ...dirs]) {
    try {
      switch (u.kind) {
        case 'remove':
          await fs.rm(u.path, { force: true });
          break;
        case 'unmove':
          try {
            await fs.rename(u.target, u.source);
          } catch (e) {
            if (!isErrnoError(e, 'EXDEV')) throw e;
            await fs.copyFile(u.target, u.source);
            await fs.unlink(u.target);
          }
          break;
        case 'restore':
          await fs.rename(u.backup, u.target);
          break;
        case 'rmdir':
          await fs.rmdir(u.path).catch((e: unknown) => {
            if (!isErrnoError(e, 'ENOTEMPTY') && !isErrnoError(e, 'ENOENT') && !isErrnoError(e, 'EEXIST')) throw e;
          });
          break;
      }
    } catch (e) {
      failures.push(`${u.kind} ${'path' in u ? u.path : u.target}: ${(e as Error).message}`);
    }
  }
  if (failures.length > 0) throw new TransferError('', `could not undo ${failures.length} transfer step(s): ${failures.join('; ')}`);
}

/**
 * Applies `plans`, runs `write(records)` (the database transaction inserting the
 * `file_datastore_records`/`dataset_location` rows), and commits the files only when it succeeds;
 * otherwise every file is undone and the error rethrown — a file is never left without its record.
 */
export async function ingestFiles<T>(
  plans: readonly TransferPlan[],
  write: (records: FileDatastoreRecord[]) => Promise<T>,
  opts: TransferBatchOptions = {},
): Promise<{ records: FileDatastoreRecord[]; result: T }> {
  const batch = new TransferBatch(opts);
  const records = await batch.applyAll(plans);
  let result: T;
  try {
    result = await write(records);
  } catch (e) {
    await batch.rollback();
    throw e;
  }
  await batch.commit();
  return { records, result };
}

/** Applies one plan outside any batch (no rollback possible); returns its record row. */
export async function applyTransfer(plan: TransferPlan, opts: TransferBatchOptions = {}): Promise<FileDatastoreRecord> {
  const batch = new TransferBatch(opts);
  const record = await batch.apply(plan);
  await batch.commit();
  return record;
}
