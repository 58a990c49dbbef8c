import type { Database } from '../db/index.js';
import { COLLECTION_CHAIN } from '../schema/index.js';
import type { CollectionType } from './collection-type.js';
import type { CollectionRecord } from './collections.js';
import { allCollections } from './collections.js';
import { decodeInt } from './stored-values.js';

/** How `butler query-collections --chains` shows CHAINED collections. */
export type ChainsMode = 'TREE' | 'FLATTEN' | 'NO-CHILDREN';

/** One listed collection; `depth` > 0 for the indented children of a TREE listing. */
export interface CollectionListing {
  readonly name: string;
  readonly type: CollectionType;
  readonly depth: number;
}

/** Options of {@link queryCollections}. */
export interface QueryCollectionsOptions {
  /** Glob patterns (`*`, `?`) or exact names; default every collection. */
  readonly patterns?: readonly string[];
  readonly types?: readonly CollectionType[];
  /** Default `TREE`. */
  readonly chains?: ChainsMode;
}

function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * Lists collections as `butler query-collections` does: `TREE` lists the matches sorted by name,
 * each CHAINED one followed by its children (recursively, depth + 1); `NO-CHILDREN` lists the
 * matches in registration (id) order; `FLATTEN` does too but replaces each CHAINED match by its
 * flattened non-chained members (each collection once).
 */
export async function queryCollections(db: Database, options: QueryCollectionsOptions = {}): Promise<CollectionListing[]> {
  const all = await allCollections(db);
  const chainRows = await db.select(COLLECTION_CHAIN.name);
  const children = new Map<number, number[]>();
  for (const r of [...chainRows].sort((a, b) => Number(a.position) - Number(b.position))) {
    const parent = Number(decodeInt(r.parent));
    children.set(parent, [...(children.get(parent) ?? []), Number(decodeInt(r.child))]);
  }
  const patterns = (options.patterns ?? ['*']).map(globRegExp);
  const matches = [...all.values()]
    .filter((c) => patterns.some((p) => p.test(c.name)))
    .filter((c) => !options.types || options.types.includes(c.type));
  const mode = options.chains ?? 'TREE';
  matches.sort(mode === 'TREE' ? (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : (a, b) => a.id - b.id);
  const out: CollectionListing[] = [];
  const tree = (c: CollectionRecord, depth: number, path: Set<number>): void => {
    out.push({ name: c.name, type: c.type, depth });
    if (c.type !== 'CHAINED' || path.has(c.id)) return;
    for (const id of children.get(c.id) ?? []) {
      const child = all.get(id);
      if (child) tree(child, depth + 1, new Set([...path, c.id]));
    }
  };
  const flatten = (c: CollectionRecord, into: CollectionRecord[]): void => {
    if (c.type !== 'CHAINED') {
      if (!into.some((x) => x.id === c.id)) into.push(c);
      return;
    }
    for (const id of children.get(c.id) ?? []) {
      const child = all.get(id);
      if (child) flatten(child, into);
    }
  };
  for (const c of matches) {
    if (mode === 'TREE') tree(c, 0, new Set());
    else if (mode === 'NO-CHILDREN' || c.type !== 'CHAINED') {
      if (!out.some((x) => x.name === c.name)) out.push({ name: c.name, type: c.type, depth: 0 });
    } else {
      const flat: CollectionRecord[] = [];
      flatten(c, flat);
      for (const f of flat) if (!out.some((x) => x.name === f.name)) out.push({ name: f.name, type: f.type, depth: 0 });
    }
  }
  return out;
}
