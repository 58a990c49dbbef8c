/**
 * Memoised registry metadata (dataset types, collections, chains) on `db.cache`, for the hot paths
 * (dataset inserts and lookups). Writers of these tables call `db.cache.invalidate()`; a name not
 * in the memo is looked up again (another process may have registered it since).
 */
import type { Database } from '../db/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { COLLECTION_CHAIN } from '../schema/index.js';
import type { CollectionType } from './collection-type.js';
import type { CollectionRecord } from './collections.js';
import { allCollections } from './collections.js';
import type { DatasetTypeRecord } from './dataset-types.js';
import { findDatasetType } from './dataset-types.js';
import { CollectionTypeError, MissingCollectionError, MissingDatasetTypeError } from './errors.js';
import { decodeInt } from './stored-values.js';

/** Every collection by name and by id. */
export interface CollectionIndex {
  readonly byName: ReadonlyMap<string, CollectionRecord>;
  readonly byId: ReadonlyMap<number, CollectionRecord>;
}

const COLLECTIONS = 'registry:collections';

/** The memoised collection index. */
export async function collectionIndex(db: Database): Promise<CollectionIndex> {
  return db.cache.get(COLLECTIONS, async () => {
    const byId = await allCollections(db);
    return { byId, byName: new Map([...byId.values()].map((c) => [c.name, c])) };
  });
}

/** The collection called `name` (of `type` when given), from the memo. @throws MissingCollectionError, CollectionTypeError */
export async function cachedCollection(db: Database, name: string, type?: CollectionType): Promise<CollectionRecord> {
  let found = (await collectionIndex(db)).byName.get(name);
  if (!found) {
    db.cache.forget(COLLECTIONS);
    found = (await collectionIndex(db)).byName.get(name);
  }
  if (!found) throw new MissingCollectionError(name);
  if (type && found.type !== type) throw new CollectionTypeError(`collection ${name} is ${found.type}, not ${type}`);
  return found;
}

/** The name of collection `id` from the memo (reloaded once when unknown), or undefined. */
export async function collectionName(db: Database, id: number): Promise<string | undefined> {
  const found = (await collectionIndex(db)).byId.get(id);
  if (found) return found.name;
  db.cache.forget(COLLECTIONS);
  return (await collectionIndex(db)).byId.get(id)?.name;
}

/** The children ids of CHAINED collection `id`, in order, from the memo. */
async function cachedChain(db: Database, id: number): Promise<number[]> {
  return db.cache.get(`registry:chain:${id}`, async () => {
    const rows = await db.select(COLLECTION_CHAIN.name, { parent: id });
    return rows.sort((a, b) => Number(a.position) - Number(b.position)).map((r) => Number(decodeInt(r.child)));
  });
}

/**
 * The non-CHAINED collections a search path visits, in order (chains expanded depth-first, each
 * collection once), from the memo.
 * @throws MissingCollectionError for an unknown name.
 */
export async function cachedFlatten(db: Database, names: readonly string[]): Promise<CollectionRecord[]> {
  const out: CollectionRecord[] = [];
  const seen = new Set<number>();
  const visit = async (record: CollectionRecord): Promise<void> => {
    if (record.type !== 'CHAINED') {
      if (!seen.has(record.id)) {
        seen.add(record.id);
        out.push(record);
      }
      return;
    }
    const index = await collectionIndex(db);
    for (const child of await cachedChain(db, record.id)) {
      const c = index.byId.get(child);
      if (c) await visit(c);
    }
  };
  for (const name of names) await visit(await cachedCollection(db, name));
  return out;
}

/** The dataset type called `name`, from the memo. @throws MissingDatasetTypeError */
export async function cachedDatasetType(db: Database, universe: DimensionUniverse, name: string): Promise<DatasetTypeRecord> {
  const found = await db.cache.get(`registry:datasetType:${name}`, () => findDatasetType(db, universe, name));
  if (!found) throw new MissingDatasetTypeError(name);
  return found;
}
