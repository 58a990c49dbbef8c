import type { Database } from '../db/index.js';
import { COLLECTION, COLLECTION_CHAIN, RUN } from '../schema/index.js';
import type { CollectionType } from './collection-type.js';
import { collectionTypeCode, collectionTypeFromCode } from './collection-type.js';
import { CollectionCycleError, CollectionTypeError, MissingCollectionError, RegistryValidationError } from './errors.js';
import { decodeInt } from './stored-values.js';

/** A registered collection. */
export interface CollectionRecord {
  readonly id: number;
  readonly name: string;
  readonly type: CollectionType;
  readonly doc: string | null;
}

function toRecord(row: Record<string, unknown>): CollectionRecord {
  return { id: Number(decodeInt(row.collection_id)), name: String(row.name), type: collectionTypeFromCode(row.type), doc: (row.doc as string | null) ?? null };
}

/** The collection called `name`, or undefined. */
export async function findCollection(db: Database, name: string): Promise<CollectionRecord | undefined> {
  const row = (await db.select(COLLECTION.name, { name }))[0];
  return row ? toRecord(row) : undefined;
}

/** The collection called `name`. @throws MissingCollectionError */
export async function getCollection(db: Database, name: string, type?: CollectionType): Promise<CollectionRecord> {
  const found = await findCollection(db, name);
  if (!found) throw new MissingCollectionError(name);
  if (type && found.type !== type) throw new CollectionTypeError(`collection ${name} is ${found.type}, not ${type}`);
  return found;
}

/** Every collection, by id. */
export async function allCollections(db: Database): Promise<Map<number, CollectionRecord>> {
  const rows = await db.select(COLLECTION.name);
  return new Map(rows.map((r) => [Number(decodeInt(r.collection_id)), toRecord(r)]));
}

/**
 * Registers a collection (RUN also gets its `run` row, host and timespan NULL). Registering an
 * existing name with the same type is a no-op.
 * @returns true when it was created.
 * @throws CollectionTypeError when the name exists with another type.
 */
export async function registerCollection(db: Database, name: string, type: CollectionType, doc?: string): Promise<boolean> {
  if (name.length === 0) throw new RegistryValidationError('collection names must not be empty');
  return db.transaction(async (trx) => {
    const existing = await findCollection(trx, name);
    if (existing) {
      if (existing.type !== type) throw new CollectionTypeError(`collection ${name} exists as ${existing.type}, not ${type}`);
      return false;
    }
    trx.cache.invalidate();
    const id = await trx.insertWithId(COLLECTION, { name, type: collectionTypeCode(type), doc: doc ?? null });
    if (type === 'RUN') await trx.insert(RUN, [{ collection_id: id, host: null, timespan: null }]);
    return true;
  });
}

/** The children of a CHAINED collection, in order, by id. */
async function chainIds(db: Database, parent: number): Promise<number[]> {
  const rows = await db.select(COLLECTION_CHAIN.name, { parent });
  return rows.sort((a, b) => Number(a.position) - Number(b.position)).map((r) => Number(decodeInt(r.child)));
}

/** The children of CHAINED collection `parent`, in order. @throws MissingCollectionError, CollectionTypeError */
export async function getCollectionChain(db: Database, parent: string): Promise<string[]> {
  const p = await getCollection(db, parent, 'CHAINED');
  const all = await allCollections(db);
  return (await chainIds(db, p.id)).map((id) => all.get(id)?.name ?? String(id));
}

/**
 * Replaces the children of CHAINED collection `parent` (positions 0-based, duplicates dropped
 * keeping the first).
 * @throws CollectionCycleError when `parent` would become its own descendant.
 */
export async function setCollectionChain(db: Database, parent: string, children: readonly string[]): Promise<void> {
  await db.transaction(async (trx) => {
    const p = await getCollection(trx, parent, 'CHAINED');
    const ids: number[] = [];
    for (const name of children) {
      const c = await getCollection(trx, name);
      if (!ids.includes(c.id)) ids.push(c.id);
    }
    for (const id of ids) {
      if (id === p.id || (await descendants(trx, id)).has(p.id)) throw new CollectionCycleError(`chain ${parent} → ${children.join(', ')} would contain itself`);
    }
    trx.cache.invalidate();
    await trx.knex(COLLECTION_CHAIN.name).where({ parent: p.id }).delete();
    await trx.insert(COLLECTION_CHAIN, ids.map((child, position) => ({ parent: p.id, position, child })));
  });
}

async function descendants(db: Database, id: number): Promise<Set<number>> {
  const seen = new Set<number>();
  const queue = [id];
  while (queue.length > 0) {
    for (const c of await chainIds(db, queue.pop()!)) {
      if (!seen.has(c)) {
        seen.add(c);
        queue.push(c);
      }
    }
  }
  return seen;
}

/**
 * The non-CHAINED collections a search path visits, in search order: chains expanded depth-first
 * in position order, each collection once (daf_butler's flattening).
 * @throws MissingCollectionError for an unknown name.
 */
export async function flattenCollections(db: Database, names: readonly string[]): Promise<CollectionRecord[]> {
  const out: CollectionRecord[] = [];
  const all = await allCollections(db);
  const visit = async (record: CollectionRecord): Promise<void> => {
    if (record.type !== 'CHAINED') {
      if (!out.some((c) => c.id === record.id)) out.push(record);
      return;
    }
    for (const child of await chainIds(db, record.id)) {
      const c = all.get(child);
      if (c) await visit(c);
    }
  };
  for (const name of names) await visit(await getCollection(db, name));
  return out;
}
