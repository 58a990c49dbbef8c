import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { datasetUris } from '../../../gen3/cli-support/dataset-uris.js';
import { DimensionRows } from '../../../gen3/cli-support/dimension-rows.js';
import type { DatasetRef, Registry } from '../../../gen3/registry/index.js';
import { renderButlerTable } from '../../../report/butler-table.js';
import type { CliContext } from '../../context.js';
import { cellText, collect, compareValues, globRegExp, isGlob, jsonValue, parseBinds, printJson, rowMatches, splitCommas, wherePredicate, withRegistry } from './shared.js';

interface Opts {
  collections?: string[];
  where?: string;
  bind?: string[];
  findFirst?: boolean;
  showUri?: boolean;
  limit?: string;
  json?: boolean;
}

interface DatasetRow {
  ref: DatasetRef;
  keys: readonly string[];
  values: Readonly<Record<string, unknown>>;
  uri?: string;
}

/** The collections to search: globs expanded (every collection when none given), names kept in order. */
export async function resolveCollections(registry: Registry, expressions: readonly string[], findFirst: boolean): Promise<string[]> {
  if (findFirst) {
    if (expressions.length === 0) throw new UsageError('--find-first needs --collections');
    const glob = expressions.find(isGlob);
    if (glob) throw new UsageError(`Can not use wildcards in collections when find_first=True (${glob})`);
    return [...expressions];
  }
  const patterns = expressions.length === 0 ? ['*'] : expressions;
  if (!patterns.some(isGlob)) return [...patterns];
  const listed = await registry.queryCollections({ patterns, chains: 'NO-CHILDREN' });
  return listed.map((c) => c.name);
}

/** The non-chained collections searched for `names`, chains expanded depth-first, each once. */
export async function searchPath(registry: Registry, names: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (name: string, seen: ReadonlySet<string>): Promise<void> => {
    const c = await registry.getCollection(name);
    if (c.type !== 'CHAINED') {
      if (!out.includes(name)) out.push(name);
      return;
    }
    if (seen.has(name)) return;
    for (const child of await registry.getCollectionChain(name)) await visit(child, new Set([...seen, name]));
  };
  for (const n of names) await visit(n, new Set());
  return out;
}

/**
 * Find-first over the search path without a timespan: the datasets of the first collection holding
 * one per data ID. Done here rather than with `queryDatasets({ findFirst })`, which finds nothing in
 * CALIBRATION collections without a timespan while daf_butler's `query-datasets --find-first` lists
 * their datasets.
 */
export async function findFirstDatasets(registry: Registry, datasetType: string, dimensions: readonly string[], collections: readonly string[]): Promise<DatasetRef[]> {
  const picked = new Map<string, DatasetRef>();
  for (const collection of await searchPath(registry, collections)) {
    const found = new Map<string, DatasetRef>();
    for (const ref of await registry.queryDatasets(datasetType, [collection])) {
      const key = JSON.stringify(dimensions.map((d) => String(ref.dataId[d])));
      if (!picked.has(key) && !found.has(key)) found.set(key, ref);
    }
    for (const [k, r] of found) picked.set(k, r);
  }
  return [...picked.values()];
}

/** `sortAstropyTable` of daf_butler: the given columns, then the required dimensions of temporal/spatial dimensions, then the rest. */
export function sortKeys(registry: Registry, keys: readonly string[], first: readonly string[]): string[] {
  const early: string[] = [];
  const late: string[] = [];
  for (const k of keys) {
    const e = registry.universe.element(k);
    if (e.temporalFamily !== undefined || e.spatialFamily !== undefined) early.push(...e.required);
    else late.push(k);
  }
  return [...new Set([...first, ...early, ...late])];
}

/** `butler query-datasets REPO [GLOB]...` */
export function registerQueryDatasets(butler: Command, context: () => CliContext): void {
  butler
    .command('query-datasets')
    .description('list datasets (daf_butler `butler query-datasets`): one table per dataset type')
    .argument('<repo>', 'repository root')
    .argument('[glob...]', 'dataset type names or globs; default every dataset type')
    .option('--collections <expr>', 'collections (names, globs, comma-separated); default every collection', collect)
    .option('--where <expr>', "daf_butler expression, e.g. \"instrument='HSC' AND visit IN (903334, 903336) AND detector > 10\"")
    .option('--bind <name=value>', 'value for :name (or bare name) in --where; JSON values (numbers, lists) or plain strings; repeatable', collect)
    .option('--find-first', 'only the first dataset per data ID in --collections order (no wildcards)')
    .option('--no-find-first', 'every matching dataset (default)')
    .option('--show-uri', 'add a URI column (the dataset file)')
    .option('--limit <n>', 'accepted for compatibility (0 or negative: no limit; positive: at most n rows per type)')
    .option('--json', 'print JSON (type, run, id, dataId, uri) instead of tables')
    .action(async (repo: string, globs: string[], opts: Opts) => {
      const ctx = context();
      const findFirst = opts.findFirst === true;
      const limit = opts.limit === undefined ? 0 : Number(opts.limit);
      const tables = await withRegistry(repo, async (registry, repository) => {
        const collections = await resolveCollections(registry, splitCommas(opts.collections), findFirst);
        const patterns = (globs.length > 0 ? splitCommas(globs) : ['*']).map(globRegExp);
        const types = (await registry.queryDatasetTypes()).filter((t) => patterns.some((p) => p.test(t.name)));
        const missingNames = globs.filter((g) => !isGlob(g) && !types.some((t) => t.name === g));
        if (missingNames.length > 0) throw new UsageError(`unknown dataset type ${missingNames.join(', ')}`);
        const bind = parseBinds(opts.bind);
        const rows = new DimensionRows(registry);
        const uris = opts.showUri ? await datasetUris(registry.db, repository.root) : undefined;
        const out: { name: string; rows: DatasetRow[] }[] = [];
        for (const type of [...types].sort((a, b) => (a.name < b.name ? -1 : 1))) {
          const predicate = wherePredicate(registry, opts.where, bind, type.dimensions);
          if (collections.length === 0) continue;
          const refs = findFirst ? await findFirstDatasets(registry, type.name, type.dimensions, collections) : await registry.queryDatasets(type.name, collections);
          const picked: DatasetRow[] = [];
          for (const ref of refs) {
            const expanded = await rows.expand(type.dimensions, ref.dataId);
            if (!rowMatches(predicate, expanded.row)) continue;
            picked.push({ ref, keys: expanded.keys, values: expanded.values, ...(uris ? { uri: uris.get(ref.id) ?? 'None' } : {}) });
            if (limit > 0 && picked.length >= limit) break;
          }
          if (picked.length === 0) continue;
          const first = picked[0]!;
          const keys = sortKeys(registry, first.keys, []);
          const cell = (r: DatasetRow, k: string): unknown => (k === 'type' ? type.name : k === 'run' ? r.ref.run : r.values[k]);
          picked.sort((a, b) => {
            for (const k of ['type', 'run', ...keys]) {
              const c = compareValues(cell(a, k), cell(b, k));
              if (c !== 0) return c;
            }
            return 0;
          });
          out.push({ name: type.name, rows: picked });
        }
        // daf_butler queries a single named dataset type with `explain=True`: no result is an error.
        const single = globs.length === 1 && !isGlob(globs[0]!) && !globs[0]!.includes(',');
        if (single && out.length === 0) throw new UsageError(`no datasets of type ${globs[0]} found in ${collections.length > 0 ? collections.join(', ') : 'any collection'}${opts.where ? ` matching --where ${opts.where}` : ''}`);
        return out;
      });
      if (opts.json) {
        printJson(
          ctx,
          tables.flatMap((t) =>
            t.rows.map((r) => ({
              type: t.name,
              run: r.ref.run,
              id: r.ref.id,
              dataId: Object.fromEntries(r.keys.map((k) => [k, jsonValue(r.values[k])])),
              ...(r.uri !== undefined ? { uri: r.uri === 'None' ? null : r.uri } : {}),
            })),
          ),
        );
        return;
      }
      for (const t of tables) {
        const first = t.rows[0]!;
        const columns = ['type', 'run', 'id', ...first.keys, ...(opts.showUri ? ['URI'] : [])].map((name) => ({ name }));
        const body = t.rows.map((r) => [t.name, r.ref.run, r.ref.id, ...r.keys.map((k) => cellText(r.values[k])), ...(opts.showUri ? [r.uri ?? 'None'] : [])]);
        ctx.out(`\n${renderButlerTable(columns, body)}`);
      }
      ctx.out('');
    });
}
