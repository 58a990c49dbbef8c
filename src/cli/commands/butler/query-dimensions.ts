import type { Command } from 'commander';
import { UsageError } from '../../../errors.js';
import { DimensionRows, type ExpandedDataId } from '../../../gen3/cli-support/dimension-rows.js';
import type { Registry } from '../../../gen3/registry/index.js';
import { renderButlerTable } from '../../../report/butler-table.js';
import type { CliContext } from '../../context.js';
import { resolveCollections, sortKeys } from './query-datasets.js';
import { cellText, collect, compareValues, fieldType, globRegExp, jsonValue, parseBinds, printJson, rowMatches, splitCommas, wherePredicate, withRegistry } from './shared.js';

interface Opts {
  datasets?: string;
  collections?: string[];
  where?: string;
  bind?: string[];
  orderBy?: string[];
  limit?: string;
  offset?: string;
  json?: boolean;
}

const NO_RESULTS = 'No results. Try --help for more information.';

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--datasets <expr>', 'dataset type names/globs whose datasets (in --collections) constrain the results')
    .option('--collections <expr>', 'collections searched for --datasets (names, globs, comma-separated)', collect)
    .option('--where <expr>', "daf_butler expression, e.g. \"instrument='HSC' AND exposure.day_obs=20180920 AND seq_num=65\"")
    .option('--bind <name=value>', 'value for :name in --where (JSON or plain string); repeatable', collect)
    .option('--order-by <names>', 'comma-separated dimension / field names (`-` prefix: descending); repeatable', collect)
    .option('--limit <n>', 'at most n results (0 or negative: no limit)')
    .option('--offset <n>', 'skip the first n results (with --limit)')
    .option('--json', 'print JSON objects instead of a table');
}

/** Data IDs (expanded over `dimensions`) that have datasets of `--datasets` in `--collections`, as keys. */
async function datasetConstraint(registry: Registry, rows: DimensionRows, opts: Opts, dimensions: readonly string[]): Promise<Set<string> | undefined> {
  if (opts.datasets === undefined) {
    if (opts.collections !== undefined) throw new UsageError('--collections may only be used with --datasets');
    return undefined;
  }
  const patterns = splitCommas([opts.datasets]).map(globRegExp);
  const types = (await registry.queryDatasetTypes()).filter((t) => patterns.some((p) => p.test(t.name)));
  const collections = await resolveCollections(registry, splitCommas(opts.collections), false);
  const keys = new Set<string>();
  const { required } = registry.universe.closure(dimensions);
  for (const type of types) {
    const typeDims = new Set(registry.universe.closure(type.dimensions).required.concat(registry.universe.closure(type.dimensions).implied));
    const shared = required.filter((d) => typeDims.has(d));
    for (const ref of await registry.queryDatasets(type.name, collections)) {
      const e = await rows.expand(type.dimensions, ref.dataId);
      keys.add(JSON.stringify(shared.map((d) => String(e.values[d]))) + JSON.stringify(shared));
    }
  }
  return keys;
}

function constraintKey(e: ExpandedDataId, keys: Set<string>): boolean {
  for (const k of keys) {
    const shared = JSON.parse(k.slice(k.indexOf(']') + 1)) as string[];
    if (k === JSON.stringify(shared.map((d) => String(e.values[d]))) + JSON.stringify(shared)) return true;
  }
  return false;
}

function pageOf<T>(items: T[], opts: Opts): T[] {
  const limit = opts.limit === undefined ? 0 : Number(opts.limit);
  const offset = opts.offset === undefined ? 0 : Number(opts.offset);
  if (limit > 0) return items.slice(offset, offset + limit);
  return items;
}

/** `--order-by` values resolved to row keys of an expanded data ID (`exposure.seq_num`, `visit`, `exposure.timespan.begin`). */
function orderKeys(registry: Registry, element: string | undefined, dimensions: readonly string[], orderBy: readonly string[] | undefined): { key: string; desc: boolean }[] {
  return splitCommas(orderBy).map((raw) => {
    const desc = raw.startsWith('-');
    let name = desc ? raw.slice(1) : raw;
    if (name.startsWith('timespan.') && element) name = `${element}.${name}`;
    if (!name.includes('.') && !registry.universe.has(name)) {
      const owner = [element, ...dimensions].find((d) => d !== undefined && registry.universe.has(d) && fieldType(registry.universe.element(d), name) !== undefined);
      if (!owner) throw new UsageError(`--order-by ${raw}: no such dimension or field`);
      name = `${owner}.${name}`;
    }
    return { key: name, desc };
  });
}

function orderedBy(rows: ExpandedDataId[], keys: { key: string; desc: boolean }[]): ExpandedDataId[] {
  return [...rows].sort((a, b) => {
    for (const { key, desc } of keys) {
      const c = compareValues(a.row[key], b.row[key]);
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

/** `butler query-dimension-records REPO ELEMENT` and `butler query-data-ids REPO [DIMENSIONS]...` */
export function registerQueryDimensions(butler: Command, context: () => CliContext): void {
  addCommonOptions(
    butler
      .command('query-dimension-records')
      .description('list the records of a dimension element (daf_butler `butler query-dimension-records`)')
      .argument('<repo>', 'repository root')
      .argument('<element>', 'dimension element (exposure, detector, visit, ...)'),
  ).action(async (repo: string, element: string, opts: Opts) => {
    const ctx = context();
    const result = await withRegistry(repo, async (registry) => {
      if (!registry.universe.has(element)) throw new UsageError(`unknown dimension element ${element}`);
      const el = registry.universe.element(element);
      const dims = [...el.required, ...el.implied];
      const predicate = wherePredicate(registry, opts.where, parseBinds(opts.bind), el.required);
      const rows = new DimensionRows(registry);
      const constraint = await datasetConstraint(registry, rows, opts, el.required);
      const records = await rows.records(element);
      const picked: { record: Record<string, unknown>; expanded: ExpandedDataId }[] = [];
      for (const record of records) {
        const dataId = Object.fromEntries(el.required.map((d) => [d, record[rows.columnOf(el, d)]]));
        const expanded = await rows.expand(el.required, dataId);
        if (!rowMatches(predicate, expanded.row)) continue;
        if (constraint && !constraintKey(expanded, constraint)) continue;
        picked.push({ record, expanded });
      }
      const order = orderKeys(registry, element, dims, opts.orderBy);
      const sorted = order.length > 0 ? orderedBy(picked.map((p) => p.expanded), order).map((e) => picked.find((p) => p.expanded === e)!) : picked;
      const fields = [
        ...el.required.filter((d) => d !== element),
        el.keys[0]?.name ?? 'id',
        ...el.implied,
        ...el.keys.slice(1).map((k) => k.name),
        ...el.metadata.map((m) => m.name),
        ...(el.temporalFamily !== undefined || Object.hasOwn(records[0] ?? {}, 'timespan') ? ['timespan'] : []),
      ];
      return { el, fields: [...new Set(fields)], records: pageOf(sorted, opts).map((p) => p.record) };
    });
    if (opts.json) {
      printJson(ctx, result.records.map((r) => Object.fromEntries(result.fields.map((f) => [f, jsonValue(r[f])]))));
      return;
    }
    if (result.records.length === 0) {
      ctx.out(NO_RESULTS);
      return;
    }
    const columns = result.fields.map((f) => ({ name: f === 'timespan' ? 'timespan (TAI)' : f }));
    ctx.out(renderButlerTable(columns, result.records.map((r) => result.fields.map((f) => cellText(r[f], fieldType(result.el, f))))));
  });

  addCommonOptions(
    butler
      .command('query-data-ids')
      .description('list the data IDs over dimensions that have records (daf_butler `butler query-data-ids`)')
      .argument('<repo>', 'repository root')
      .argument('[dimensions...]', 'dimensions of the data IDs (expanded to their required and implied dimensions)'),
  ).action(async (repo: string, dimensions: string[], opts: Opts) => {
    const ctx = context();
    const result = await withRegistry(repo, async (registry) => {
      const dims = splitCommas(dimensions);
      if (dims.length === 0) throw new UsageError('query-data-ids needs at least one dimension');
      for (const d of dims) if (!registry.universe.has(d)) throw new UsageError(`unknown dimension ${d}`);
      const predicate = wherePredicate(registry, opts.where, parseBinds(opts.bind), dims);
      const rows = new DimensionRows(registry);
      const constraint = await datasetConstraint(registry, rows, opts, dims);
      const picked: ExpandedDataId[] = [];
      for (const dataId of await rows.joinDataIds(dims)) {
        const expanded = await rows.expand(dims, dataId);
        if (!rowMatches(predicate, expanded.row)) continue;
        if (constraint && !constraintKey(expanded, constraint)) continue;
        picked.push(expanded);
      }
      const order = orderKeys(registry, undefined, dims, opts.orderBy);
      let sorted: ExpandedDataId[];
      if (order.length > 0) sorted = orderedBy(picked, order);
      else {
        const keys = sortKeys(registry, picked[0]?.keys ?? [], []);
        sorted = [...picked].sort((a, b) => {
          for (const k of keys) {
            const c = compareValues(a.values[k], b.values[k]);
            if (c !== 0) return c;
          }
          return 0;
        });
      }
      return pageOf(sorted, opts);
    });
    if (opts.json) {
      printJson(ctx, result.map((e) => Object.fromEntries(e.keys.map((k) => [k, jsonValue(e.values[k])]))));
      return;
    }
    const first = result[0];
    if (!first) {
      ctx.out(NO_RESULTS);
      return;
    }
    ctx.out(renderButlerTable(first.keys.map((name) => ({ name })), result.map((e) => e.keys.map((k) => cellText(e.values[k])))));
  });
}
