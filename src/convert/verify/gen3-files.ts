import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Repository } from '../../gen3/repo/index.js';
import { decodeUuid } from '../../gen3/registry/index.js';
import { NULL_COMPONENT } from '../../gen3/datastore/index.js';

/** Where the Gen3 datastore keeps one dataset: absolute file path and, when the record names one, HDU. */
export interface Gen3File {
  readonly path: string;
  /** HDU carried by the record (`#hdu=N` URI fragment or `[N]` suffix); undefined when the record has none. */
  readonly hdu: number | undefined;
  readonly component: string | undefined;
}

/** The datastore root of a repository: `datastore.root` of `butler.yaml`, `<butlerRoot>` expanded. */
export function datastoreRoot(repo: Repository): string {
  const datastore = (repo.config.datastore ?? {}) as { root?: unknown };
  const root = typeof datastore.root === 'string' ? datastore.root : '<butlerRoot>';
  const expanded = root.replace('<butlerRoot>', repo.root);
  return expanded.startsWith('file://') ? fileURLToPath(expanded) : path.resolve(repo.root, expanded);
}

/** Splits an HDU selector off a stored path (`file.fits#hdu=3`, `file.fits[3]`). */
function splitHdu(p: string): { path: string; hdu: number | undefined } {
  const m = /^(.*?)(?:#hdu=(\d+)|\[(\d+)\])$/.exec(p);
  if (!m) return { path: p, hdu: undefined };
  return { path: m[1]!, hdu: Number(m[2] ?? m[3]) };
}

/** An absolute file path from a stored record path (relative to the datastore root, absolute, or a `file://` URI). */
export function resolveRecordPath(stored: string, root: string): { path: string; hdu: number | undefined } {
  const { path: p, hdu } = splitHdu(stored);
  if (/^file:/i.test(p)) return { path: fileURLToPath(p), hdu };
  return { path: path.isAbsolute(p) ? p : path.join(root, p), hdu };
}

/**
 * Every `file_datastore_records` row of the repository, by dataset id (component-less record
 * first). Empty when the repository has no such table.
 */
export async function loadGen3Files(repo: Repository): Promise<Map<string, Gen3File[]>> {
  const out = new Map<string, Gen3File[]>();
  if (!(await repo.db.listTables()).includes('file_datastore_records')) return out;
  const root = datastoreRoot(repo);
  for (const r of await repo.db.select('file_datastore_records')) {
    const id = decodeUuid(r.dataset_id);
    const component = r.component === null || r.component === undefined || r.component === NULL_COMPONENT ? undefined : String(r.component);
    const file = { ...resolveRecordPath(String(r.path), root), component };
    const list = out.get(id) ?? [];
    if (component === undefined) list.unshift(file);
    else list.push(file);
    out.set(id, list);
  }
  return out;
}
