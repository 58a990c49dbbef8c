/**
 * Tables printed the way daf_butler's `butler query-*` commands print them: astropy's
 * `Table.pprint_all()` — columns at least 3 wide (astropy leaves room for `...`), a header line with each name centred (Python `str.center`), a dash line as
 * wide as the column, then the values justified (right by default, `<` for left).
 */

/** One column of a {@link renderButlerTable} table. */
export interface ButlerTableColumn {
  readonly name: string;
  /** `>` (astropy's default) or `<` (daf_butler's `align='<'` listings). */
  readonly align?: '<' | '>';
}

/** Python's `str.center(width)` (the odd padding character goes left when `width` is odd). */
export function pyCenter(text: string, width: number): string {
  const marg = width - text.length;
  if (marg <= 0) return text;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + text + ' '.repeat(marg - left);
}

/** Renders `rows` (already formatted cells) under `columns`; lines joined by `\n`, no trailing newline. */
export function renderButlerTable(columns: readonly ButlerTableColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, k) => Math.max(3, c.name.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.join(' ');
  const out = [
    line(columns.map((c, k) => pyCenter(c.name, widths[k] ?? 1))),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) =>
      line(columns.map((c, k) => {
        const v = r[k] ?? '';
        const w = widths[k] ?? 1;
        return c.align === '<' ? v.padEnd(w) : v.padStart(w);
      })),
    ),
  ];
  return out.join('\n');
}

/** Python `str()` of a float as numpy prints a float64 column value (`30.0`, `0.5`, `1e-05`). */
export function pyFloat(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  const s = String(value);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}
