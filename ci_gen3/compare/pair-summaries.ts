/**
 * Turns a comparator's diff value into what the results model stores for one pair: the outcome
 * (identical, within tolerance, different), the summaries (`diffSummarySchema`) and the names of the
 * fields that differ (header keys, catalog columns, config fields, image planes), which expected
 * differences and golden checks refer to.
 */
import type { ConfigDiff } from '../../src/diff/config-diff.js';
import type { FitsDiff } from '../../src/diff/fits-diff.js';
import type { HduDiff } from '../../src/diff/hdu-diff.js';
import type { StructuredDiff } from '../../src/diff/structured-diff.js';
import type { TextDiff } from '../../src/diff/text-diff.js';
import type { Tolerance } from '../../src/diff/tolerance.js';
import type { DiffSummary } from '../../src/results/results-schema.js';

/** The comparator's verdict on one pair, before expected differences are applied. */
export interface PairVerdict {
  outcome: 'identical' | 'within-tolerance' | 'different';
  summaries: DiffSummary[];
  /** Names of what differs (beyond the tolerance): keys, columns, config paths, planes. */
  differingFields: string[];
  /** Config comparator only: the fields that differ, for the results' `configDiffs`. */
  configDifferences?: { path: string; change: 'changed' | 'only-gen2' | 'only-gen3'; gen2?: string; gen3?: string }[];
}

const finite = (x: number | undefined): number => (x !== undefined && Number.isFinite(x) ? x : 0);
const verdict = (different: boolean, inexact: boolean): PairVerdict['outcome'] => (different ? 'different' : inexact ? 'within-tolerance' : 'identical');

function hduLabel(h: HduDiff): string {
  return h.name || `HDU${h.index.a}`;
}

function hduCountSummary(diff: FitsDiff): DiffSummary[] {
  return diff.hduCounts ? [{ kind: 'text', lines: [`HDU counts differ: Gen2 ${diff.hduCounts.a}, Gen3 ${diff.hduCounts.b}`] }] : [];
}

/** Pixels of every image and mask HDU (headers are the header comparator's business). */
export function imageVerdict(diff: FitsDiff, tolerance: Tolerance): PairVerdict {
  const summaries: DiffSummary[] = hduCountSummary(diff);
  const fields: string[] = diff.hduCounts ? ['HDU count'] : [];
  let inexact = false;
  for (const h of diff.hdus) {
    const d = h.data;
    if (!d) continue;
    const plane = hduLabel(h);
    if (d.kind === 'image') {
      if (d.shapes) {
        summaries.push({ kind: 'text', lines: [`${plane}: shapes differ: Gen2 ${d.shapes.a.join('×')}, Gen3 ${d.shapes.b.join('×')}`] });
        fields.push(plane);
        continue;
      }
      const s = d.stats;
      summaries.push({
        kind: 'image',
        plane,
        compared: d.pixelCount,
        differing: d.differingPixels,
        nonFiniteMismatch: d.nonFiniteMismatches,
        maxAbs: finite(s?.maxAbs),
        meanAbs: finite(s?.meanAbs),
        medianAbs: finite(s?.medianAbs),
        maxRel: finite(s?.maxRel),
        rtol: tolerance.rtol,
        atol: tolerance.atol,
        maskPlanes: [],
      });
      if (d.differingPixels > 0) fields.push(plane);
      else if (finite(s?.maxAbs) > 0) inexact = true;
    } else if (d.kind === 'mask') {
      if (d.shapes) {
        summaries.push({ kind: 'text', lines: [`${plane}: mask shapes differ: Gen2 ${d.shapes.a.join('×')}, Gen3 ${d.shapes.b.join('×')}`] });
        fields.push(plane);
        continue;
      }
      summaries.push({
        kind: 'image',
        plane,
        compared: d.pixelCount,
        differing: d.differingPixels,
        nonFiniteMismatch: 0,
        maxAbs: 0,
        meanAbs: 0,
        medianAbs: 0,
        maskPlanes: d.planes.map((p) => ({ plane: p.name, gen2: p.setInA, gen3: p.setInB })),
      });
      if (d.differingPixels > 0) fields.push(plane, ...d.planes.filter((p) => p.differing > 0).map((p) => `${plane}.${p.name}`));
    }
  }
  return { outcome: verdict(fields.length > 0, inexact), summaries, differingFields: fields };
}

/** Header values after the ignore rules; keys on one side only are listed but are not differences. */
export function headerVerdict(diff: FitsDiff): PairVerdict {
  const differingKeys: { key: string; gen2: string; gen3: string }[] = [];
  const onlyGen2: string[] = [];
  const onlyGen3: string[] = [];
  for (const h of diff.hdus) {
    const prefix = h.index.a === 0 ? '' : `${hduLabel(h)}:`;
    for (const v of h.header.values) differingKeys.push({ key: `${prefix}${v.keyword}`, gen2: String(v.a), gen3: String(v.b) });
    for (const k of h.header.onlyInA) onlyGen2.push(`${prefix}${k.keyword}`);
    for (const k of h.header.onlyInB) onlyGen3.push(`${prefix}${k.keyword}`);
  }
  const fields = differingKeys.map((k) => k.key);
  if (diff.hduCounts) fields.push('HDU count');
  const summaries: DiffSummary[] = [...hduCountSummary(diff)];
  if (differingKeys.length || onlyGen2.length || onlyGen3.length) summaries.push({ kind: 'header', differingKeys, onlyGen2, onlyGen3 });
  return { outcome: verdict(fields.length > 0, false), summaries, differingFields: fields };
}

/** afw catalogs: schema, matched rows and per-column values. */
export function catalogVerdict(diff: FitsDiff): PairVerdict {
  const summaries: DiffSummary[] = hduCountSummary(diff);
  const fields: string[] = diff.hduCounts ? ['HDU count'] : [];
  let inexact = false;
  for (const h of diff.hdus) {
    const d = h.data;
    if (!d) continue;
    if (d.kind === 'catalog') {
      const schemaDifferences = [
        ...d.schema.onlyInA.map((f) => `only in Gen2: ${f}`),
        ...d.schema.onlyInB.map((f) => `only in Gen3: ${f}`),
        ...SCHEMA_LEVELS.filter(([key]) => !d.schema.levels[key]).map(([, level]) => level),
      ];
      const over = d.fields.filter((f) => f.differing > 0);
      const byName = matchBy(d.match.by);
      summaries.push({
        kind: 'catalog',
        gen2Rows: d.rows.a,
        gen3Rows: d.rows.b,
        matched: d.match.matched,
        matchBy: byName,
        schemaDifferences,
        columnsOverTolerance: over.map((f) => ({ column: f.field, rows: f.differing, ...(f.stats && Number.isFinite(f.stats.maxAbs) ? { maxAbs: f.stats.maxAbs } : {}) })),
        magnitudeDifferences: [],
      });
      fields.push(...over.map((f) => f.field), ...schemaDifferences);
      if (d.match.onlyInA || d.match.onlyInB) fields.push('rows');
      if (d.fields.some((f) => f.differing === 0 && finite(f.stats?.maxAbs) > 0)) inexact = true;
    } else if (d.kind === 'table') {
      if (!d.identical) {
        summaries.push({ kind: 'text', lines: [`${hduLabel(h)}: ${d.summary}`] });
        fields.push(hduLabel(h));
      }
    }
  }
  return { outcome: verdict(fields.length > 0, inexact), summaries, differingFields: fields };
}

const SCHEMA_LEVELS = [
  ['equalKeys', 'EQUAL_KEYS'],
  ['equalNames', 'EQUAL_NAMES'],
  ['equalDocs', 'EQUAL_DOCS'],
  ['equalUnits', 'EQUAL_UNITS'],
  ['equalAliases', 'EQUAL_ALIASES'],
] as const;

function matchBy(by: string): 'id' | 'position' {
  return by === 'sky' || by === 'pixel' ? 'position' : 'id';
}

/** A Python-like repr of a config value (`True`, `None`, `'text'`, `[1, 2]`). */
function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const o = v as { kind?: string; items?: unknown[]; entries?: [unknown, unknown][]; text?: string };
  if (o.kind === 'expr') return o.text ?? '';
  if (o.kind === 'dict') return `{${(o.entries ?? []).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  if (o.items) {
    const inner = o.items.map(pyRepr).join(', ');
    return o.kind === 'tuple' ? `(${inner}${o.items.length === 1 ? ',' : ''})` : o.kind === 'set' ? `{${inner}}` : `[${inner}]`;
  }
  return JSON.stringify(v) ?? String(v);
}
const show = pyRepr;

/** pex_config dumps, field by field. */
export function configVerdict(diff: ConfigDiff): PairVerdict {
  const lines = diff.differences.map((d) => (d.change === 'changed' ? `${d.path}: ${show(d.a)} != ${show(d.b)}` : `${d.path}: only in ${d.change === 'onlyInA' ? 'Gen2' : 'Gen3'}`));
  const configDifferences = diff.differences.map((d) => ({
    path: d.path,
    change: d.change === 'changed' ? ('changed' as const) : d.change === 'onlyInA' ? ('only-gen2' as const) : ('only-gen3' as const),
    ...(d.a !== undefined ? { gen2: show(d.a) } : {}),
    ...(d.b !== undefined ? { gen3: show(d.b) } : {}),
  }));
  return { outcome: verdict(lines.length > 0, false), summaries: lines.length ? [{ kind: 'text', lines }] : [], differingFields: diff.differences.map((d) => d.path), configDifferences };
}

/** YAML/JSON structure. */
export function structuredVerdict(diff: StructuredDiff): PairVerdict {
  const lines = diff.differences.map((d) => `${d.path}: ${d.change === 'onlyInA' ? 'only in Gen2' : d.change === 'onlyInB' ? 'only in Gen3' : `${show(d.a)} != ${show(d.b)}`}`);
  if (diff.differenceCount > diff.differences.length) lines.push(`… ${diff.differenceCount - diff.differences.length} more`);
  return { outcome: verdict(diff.differenceCount > 0, false), summaries: lines.length ? [{ kind: 'text', lines }] : [], differingFields: diff.differences.map((d) => d.path) };
}

/** Text, line by line. */
export function textVerdict(diff: TextDiff): PairVerdict {
  const lines = diff.hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]).slice(0, 200);
  return { outcome: verdict(!diff.identical, false), summaries: diff.identical ? [] : [{ kind: 'text', lines: lines.length ? lines : [diff.summary] }], differingFields: diff.identical ? [] : ['lines'] };
}
