import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Database } from '../db/index.js';
import { decodeUuid } from '../registry/index.js';

/**
 * The URI of each dataset's (first, component-less preferred) file as `butler query-datasets
 * --show-uri` prints it: `file://` + datastore root + relative path, absolute URIs as stored.
 * Empty when the repository has no `file_datastore_records` table.
 */
export async function datasetUris(db: Database, datastoreRoot: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!(await db.listTables()).includes('file_datastore_records')) return out;
  const rows = await db.select('file_datastore_records');
  const root = pathToFileURL(datastoreRoot.endsWith('/') ? datastoreRoot : `${datastoreRoot}/`).href;
  for (const r of rows) {
    const id = decodeUuid(r.dataset_id);
    const p = String(r.path);
    const uri = /^[a-z][a-z0-9+.-]*:/i.test(p) ? p : path.isAbsolute(p) ? pathToFileURL(p).href : new URL(p.split('/').map(encodeURIComponent).join('/'), root).href;
    const component = r.component === null || r.component === undefined ? 'NULL' : String(r.component);
    if (!out.has(id) || component === 'NULL' || component === '') out.set(id, uri);
  }
  return out;
}
