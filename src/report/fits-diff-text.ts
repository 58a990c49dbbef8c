import type { Pair } from '../diff/diff-value.js';
import type { CatalogDiff } from '../diff/catalog-diff.js';
import type { FitsDiff } from '../diff/fits-diff.js';
import type { CardValue } from '../fits/card.js';
import type { HduDataDiff, HduDiff } from '../diff/hdu-diff.js';
import type { HeaderDiff, KeywordDifference } from '../diff/header-diff.js';
import type { ImageDiff } from '../diff/image-diff.js';
import type { MaskDiff } from '../diff/mask-diff.js';
import type { RawDataDiff } from '../diff/raw-data-diff.js';
import type { TableDataDiff } from '../diff/table-data-diff.js';
import type { TableCell } from '../diff/table-view.js';
import { formatHeaderValue, formatPercent, formatPythonFloat, formatPythonNumber, reprHeaderValue } from './python-format.js';

/** Collects report lines, indenting two spaces per level as astropy's `_writeln` does. */
class Lines {
  readonly #lines: string[] = [];

  write(indent: number, text = ''): void {
    for (const line of text.split('\n')) this.#lines.push(line === '' ? '' : '  '.repeat(indent) + line);
  }

  /** astropy's `report_diff_values` for two scalars: `a>`/`b>` lines. */
  values(indent: number, a: string, b: string): void {
    this.write(indent, `  a> ${a}\n  b> ${b}`);
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

/**
 * Renders a {@link FitsDiff} as a text report modelled on astropy's `fitsdiff`: the options, then each
 * differing HDU ("Primary HDU:", "Extension HDU 1 (SCI, 1):") with "Headers contain differences:" and
 * "Data contains differences:" sections; "No differences found." when the files are identical.
 */
export function renderFitsDiffText(diff: FitsDiff): string {
  const out = new Lines();
  const { options } = diff;
  out.write(0);
  out.write(0, ' gen2to3 fitsdiff');
  out.write(0, ` a: ${diff.a}\n b: ${diff.b}`);
  const list = (title: string, items: readonly string[]): void => {
    if (items.length > 0) out.write(0, ` ${title}:\n${wrap([...new Set(items.map((item) => item.toUpperCase()))].sort().join(' '), '  ')}`);
  };
  list('HDU(s) not to be compared', options.ignoreHdus);
  list('Keyword(s) not to be compared', options.ignoreKeywords);
  list('Keyword(s) whose comments are not to be compared', options.ignoreComments);
  list('Table column(s) not to be compared', options.ignoreFields);
  out.write(0, ` Maximum number of different data values to be reported: ${options.maxReportedValues}`);
  out.write(0, ` Relative tolerance: ${formatPythonFloat(options.tolerance.rtol)}, Absolute tolerance: ${formatPythonFloat(options.tolerance.atol)}`);

  const differing = diff.hdus.filter((hdu) => !hdu.identical);
  if (diff.hduCounts) {
    out.write(0);
    out.write(0, `Files contain different numbers of HDUs:\n a: ${diff.hduCounts.a}\n b: ${diff.hduCounts.b}`);
    if (differing.length === 0) {
      out.write(0, 'No differences found between common HDUs.');
      return out.toString();
    }
  } else if (differing.length === 0) {
    out.write(0);
    out.write(0, 'No differences found.');
    return out.toString();
  }
  for (const hdu of differing) {
    out.write(0);
    out.write(0, hduTitle(hdu));
    renderHdu(out, hdu, 1);
  }
  return out.toString();
}

function hduTitle(hdu: HduDiff): string {
  if (hdu.index.a === 0) return 'Primary HDU:';
  return hdu.name !== '' && !hdu.extnames && !hdu.extvers ? `Extension HDU ${hdu.index.a} (${hdu.name}, ${formatHeaderValue(hdu.version)}):` : `Extension HDU ${hdu.index.a}:`;
}

function renderHdu(out: Lines, hdu: HduDiff, indent: number): void {
  const pairs: [string, Pair<CardValue | undefined> | undefined][] = [
    ['Extension types differ', hdu.extensionTypes],
    ['Extension names differ', hdu.extnames],
    ['Extension versions differ', hdu.extvers],
    ['Extension levels differ', hdu.extlevels],
  ];
  for (const [title, pair] of pairs) {
    if (pair) out.write(indent, ` ${title}:\n  a: ${formatHeaderValue(pair.a)}\n  b: ${formatHeaderValue(pair.b)}`);
  }
  if (!hdu.header.identical) {
    out.write(indent);
    out.write(indent, ' Headers contain differences:');
    renderHeader(out, hdu.header, indent + 1);
  }
  if (hdu.data && !hdu.data.identical) {
    out.write(indent);
    out.write(indent, ' Data contains differences:');
    renderData(out, hdu.data, indent + 1);
  }
}

function renderHeader(out: Lines, diff: HeaderDiff, indent: number): void {
  if (diff.cardCounts) out.write(indent, ` Headers have different number of cards:\n  a: ${diff.cardCounts.a}\n  b: ${diff.cardCounts.b}`);
  const informational = diff.oneSidedKeywords === 'informational' ? ' (informational)' : '';
  for (const [side, list] of [['a', diff.onlyInA], ['b', diff.onlyInB]] as const) {
    for (const { keyword, value } of list) out.write(indent, ` Extra keyword ${`'${keyword}'`.padEnd(8)} in ${side}${informational}: ${reprHeaderValue(value)}`);
  }
  for (const { keyword, a, b } of diff.duplicateCounts) {
    out.write(indent, ` Inconsistent duplicates of keyword ${`'${keyword}'`.padEnd(8)}:\n  Occurs ${a} time(s) in a, ${b} times in (b)`);
  }
  const keyword = (difference: KeywordDifference): string => `${difference.keyword.padEnd(8)}${difference.occurrence > 1 ? `[${difference.occurrence}]` : ''}`;
  const byKeyword = [...diff.values.map((d) => ['values', d] as const), ...diff.comments.map((d) => ['comments', d] as const)].sort(
    ([, x], [, y]) => (x.keyword < y.keyword ? -1 : x.keyword > y.keyword ? 1 : 0),
  );
  for (const [attribute, difference] of byKeyword) {
    out.write(indent, ` Keyword ${keyword(difference)} has different ${attribute}:`);
    out.values(indent + 1, formatHeaderValue(difference.a), formatHeaderValue(difference.b));
  }
}

function renderData(out: Lines, data: HduDataDiff, indent: number): void {
  switch (data.kind) {
    case 'image':
      return renderImage(out, data, indent);
    case 'mask':
      return renderMask(out, data, indent);
    case 'table':
      return renderTable(out, data, indent);
    case 'catalog':
      return renderCatalog(out, data, indent);
    case 'raw':
      return renderRaw(out, data, indent);
  }
}

function renderImage(out: Lines, diff: ImageDiff, indent: number): void {
  if (diff.shapes) {
    out.write(indent, ` Data dimensions differ:\n  a: ${diff.shapes.a.join(' x ')}\n  b: ${diff.shapes.b.join(' x ')}\n No further data comparison performed.`);
    return;
  }
  const value = (x: number, type: string): string => (type === 'integer' ? formatPythonNumber(x) : formatPythonFloat(x, type === 'float32'));
  for (const pixel of diff.pixels) {
    out.write(indent, ` Data differs at [${pixel.position.join(', ')}]:`);
    out.values(indent + 1, value(pixel.a, diff.pixelTypes.a), value(pixel.b, diff.pixelTypes.b));
  }
  if (diff.differingPixels > diff.pixels.length) out.write(indent, ' ...');
  out.write(indent, ` ${diff.differingPixels} different pixels found (${formatPercent(diff.fraction)} different).`);
  if (diff.nonFiniteMismatches > 0) out.write(indent, ` ${diff.nonFiniteMismatches} of them differ in NaN/inf.`);
  if (diff.stats) {
    out.write(indent, ` Maximum relative difference: ${formatPythonFloat(diff.stats.maxRel)}`);
    out.write(indent, ` Maximum absolute difference: ${formatPythonFloat(diff.stats.maxAbs)}`);
    out.write(indent, ` Mean absolute difference: ${formatPythonFloat(diff.stats.meanAbs)}`);
    out.write(indent, ` Median absolute difference: ${formatPythonFloat(diff.stats.medianAbs)}`);
  }
}

function renderMask(out: Lines, diff: MaskDiff, indent: number): void {
  if (diff.shapes) {
    out.write(indent, ` Mask dimensions differ:\n  a: ${diff.shapes.a.join(' x ')}\n  b: ${diff.shapes.b.join(' x ')}\n No further data comparison performed.`);
    return;
  }
  for (const pixel of diff.pixels) out.write(indent, ` Mask differs at [${pixel.position.join(', ')}]: a=${pixel.a} b=${pixel.b} (${pixel.planes.join(', ')})`);
  if (diff.differingPixels > diff.pixels.length) out.write(indent, ' ...');
  out.write(indent, ` ${diff.differingPixels} different mask pixels found (${formatPercent(diff.fraction)} different), bits remapped by plane name.`);
  const rows = diff.planes.map((plane) => [plane.name, plane.bitA ?? '-', plane.bitB ?? '-', plane.setInA, plane.setInB, plane.differing]);
  out.write(indent, table([['plane', 'bit a', 'bit b', 'set in a', 'set in b', 'differing'], ...rows]));
}

function renderTable(out: Lines, diff: TableDataDiff, indent: number): void {
  if (diff.columnCounts) out.write(indent, ` Tables have different number of columns:\n  a: ${diff.columnCounts.a}\n  b: ${diff.columnCounts.b}`);
  for (const column of diff.onlyInA) out.write(indent, ` Extra column ${column.name} of format ${column.format} in a`);
  for (const column of diff.onlyInB) out.write(indent, ` Extra column ${column.name} of format ${column.format} in b`);
  for (const attribute of diff.attributes) {
    out.write(indent, ` Column ${attribute.column} has different ${attribute.attribute}:`);
    out.values(indent + 1, formatHeaderValue(attribute.a), formatHeaderValue(attribute.b));
  }
  if (diff.rowCounts) {
    out.write(indent, ` Table rows differ:\n  a: ${diff.rowCounts.a}\n  b: ${diff.rowCounts.b}\n No further data comparison performed.`);
    return;
  }
  for (const cell of diff.values) {
    out.write(indent, ` Column ${cell.column} data differs in row ${cell.row}:`);
    out.values(indent + 1, formatCell(cell.a), formatCell(cell.b));
  }
  if (diff.differingValues > diff.values.length) out.write(indent, ` ...${diff.differingValues - diff.values.length} additional difference(s) found.`);
  if (diff.differingValues > 0) out.write(indent, ` ${diff.differingValues} different table data element(s) found (${formatPercent(diff.fraction)} different).`);
  for (const column of diff.columns.filter((c) => c.differingRows > 0 && c.stats)) {
    out.write(indent, ` Column ${column.column}: max |a-b| ${formatPythonFloat(column.stats?.maxAbs ?? 0)}, median |a-b| ${formatPythonFloat(column.stats?.medianAbs ?? 0)}`);
  }
}

function renderCatalog(out: Lines, diff: CatalogDiff, indent: number): void {
  const { schema, match } = diff;
  if (!schema.levels.identical) {
    const levels = Object.entries(schema.levels).map(([level, ok]) => `${level} ${ok ? 'yes' : 'NO'}`);
    out.write(indent, ` Schemas differ: ${levels.join(', ')}`);
    for (const name of schema.onlyInA) out.write(indent + 1, ` Field ${name} only in a`);
    for (const name of schema.onlyInB) out.write(indent + 1, ` Field ${name} only in b`);
    for (const [what, list] of [['format', schema.formats], ['unit', schema.units], ['doc', schema.docs], ['alias target', schema.aliases]] as const) {
      for (const difference of list) {
        out.write(indent + 1, ` Field ${difference.field} has different ${what}:`);
        out.values(indent + 2, difference.a, difference.b);
      }
    }
  }
  out.write(indent, ` Rows: a ${diff.rows.a}, b ${diff.rows.b}; matched by ${match.by}: ${match.matched} (${formatPercent(match.fraction)}), ${match.onlyInA} only in a, ${match.onlyInB} only in b`);
  if (match.duplicateIds) out.write(indent, ` Duplicate ids: ${match.duplicateIds.a} in a, ${match.duplicateIds.b} in b`);
  for (const value of diff.values) {
    out.write(indent, ` Field ${value.field} differs in rows ${value.row.a} (a) / ${value.row.b} (b):`);
    out.values(indent + 1, formatCell(value.a), formatCell(value.b));
  }
  if (diff.differingValues > diff.values.length) out.write(indent, ' ...');
  const differing = diff.fields.filter((field) => field.differing > 0);
  if (differing.length > 0) {
    const rows = differing.map((field) => [
      field.field,
      field.kind,
      field.differing,
      field.compared,
      field.stats ? formatPythonFloat(field.stats.maxAbs) : field.agreement !== undefined ? `agree ${formatPercent(field.agreement)}` : '',
      field.magnitudes ? `${formatPythonFloat(Number(field.magnitudes.medianMmag.toPrecision(4)))} mmag` : '',
    ]);
    out.write(indent, table([['field', 'kind', 'differing', 'compared', 'max |a-b|', 'median dmag'], ...rows]));
  }
}

function renderRaw(out: Lines, diff: RawDataDiff, indent: number): void {
  if (diff.sizes) {
    out.write(indent, ` Data sizes differ:\n  a: ${diff.sizes.a} bytes\n  b: ${diff.sizes.b} bytes\n No further data comparison performed.`);
    return;
  }
  for (const byte of diff.bytes) {
    out.write(indent, ` Data differs at byte ${byte.offset}:`);
    out.values(indent + 1, String(byte.a), String(byte.b));
  }
  if (diff.differingBytes > diff.bytes.length) out.write(indent, ' ...');
  out.write(indent, ` ${diff.differingBytes} different bytes found (${formatPercent(diff.fraction)} different).`);
}

function formatCell(cell: TableCell): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'True' : 'False';
  if (typeof cell === 'number' || typeof cell === 'bigint') return formatPythonNumber(cell);
  return `[${cell.map((value) => (typeof value === 'boolean' ? (value ? 'True' : 'False') : formatPythonNumber(value))).join(' ')}]`;
}

function table(rows: readonly (readonly (string | number)[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)));
  return rows.map((row) => `  ${row.map((cell, i) => (typeof cell === 'number' ? String(cell).padStart(widths[i] ?? 0) : String(cell).padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd()).join('\n');
}

/** Word-wraps `text` at 70 columns with `prefix` on every line (Python's `textwrap.fill`). */
function wrap(text: string, prefix: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && prefix.length + line.length + 1 + word.length > 70) {
      lines.push(prefix + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(prefix + line);
  return lines.join('\n');
}
