/**
 * The TABLE_FILE of `butler ingest-files` (read there by `astropy.table.Table.read`): ECSV (typed
 * columns from its YAML header) or CSV/plain comma-separated text with a header row (column types
 * guessed as astropy does: int, else float, else string). First column: file path or URI.
 */
import { parse as parseYaml } from 'yaml';
import { IngestTableError } from '../transfer/repository-transfer-errors.js';

/** A cell value: integers as bigint (int64 columns), floats as number, text as string. */
export type TableCell = string | number | bigint;

/** A read table: column names and rows of cells. */
export interface IngestTable {
  readonly columns: string[];
  readonly rows: TableCell[][];
}

/** Splits one line at `delimiter`, honouring `"…"` quoting (`""` inside quotes is a quote). */
function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (delimiter === ' ' ? ch === ' ' || ch === '\t' : ch === delimiter) {
      if (delimiter === ' ' && cur === '' && !wasQuoted) continue;
      out.push(cur);
      cur = '';
      wasQuoted = false;
    } else cur += ch;
  }
  if (cur !== '' || wasQuoted || delimiter !== ' ') out.push(cur);
  return delimiter === ' ' ? out : out.map((c) => c.trim());
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf)$/i;

function typed(value: string, type: string, file: string, column: string): TableCell {
  if (/^u?int/.test(type)) {
    if (!INT.test(value.trim())) throw new IngestTableError(file, `column ${column}: ${JSON.stringify(value)} is not an integer`);
    return BigInt(value.trim());
  }
  if (/^float/.test(type)) return Number(value);
  return value;
}

function guessType(values: readonly string[]): string {
  if (values.every((v) => INT.test(v.trim()))) return 'int64';
  if (values.every((v) => FLOAT.test(v.trim()))) return 'float64';
  return 'string';
}

/**
 * Reads an ingest table. ECSV when the text starts with `# %ECSV`, else comma-separated with a header row.
 * @throws IngestTableError for an empty table, a malformed header or a row of the wrong length.
 */
export function readIngestTable(text: string, file: string): IngestTable {
  const lines = text.split(/\r?\n/);
  let delimiter = ',';
  let declared: { name: string; datatype: string }[] | undefined;
  if (/^#\s*%ECSV/.test(lines[0] ?? '')) {
    const header = lines.filter((l) => l.startsWith('#')).slice(1).map((l) => l.replace(/^# ?/, '')).join('\n');
    let meta: { datatype?: { name: string; datatype: string }[]; delimiter?: string };
    try {
      meta = (parseYaml(header) ?? {}) as typeof meta;
    } catch (e) {
      throw new IngestTableError(file, `malformed ECSV header: ${(e as Error).message}`, { cause: e });
    }
    if (!Array.isArray(meta.datatype)) throw new IngestTableError(file, 'ECSV header has no datatype list');
    declared = meta.datatype;
    delimiter = meta.delimiter ?? ' ';
  }
  const body = lines.filter((l) => !l.startsWith('#') && l.trim() !== '');
  const head = body[0];
  if (head === undefined) throw new IngestTableError(file, 'the table has no header row');
  const columns = splitLine(head, delimiter);
  if (columns.length < 2) throw new IngestTableError(file, 'the table needs a file column and at least one data ID column');
  const raw = body.slice(1).map((l, i) => {
    const cells = splitLine(l, delimiter);
    if (cells.length !== columns.length) throw new IngestTableError(file, `row ${i + 1} has ${cells.length} values for ${columns.length} columns`);
    return cells;
  });
  if (declared && declared.map((d) => d.name).join('\u0000') !== columns.join('\u0000')) throw new IngestTableError(file, `ECSV columns ${columns.join(', ')} do not match the header datatype list`);
  const types = columns.map((c, k) => declared?.[k]?.datatype ?? guessType(raw.map((r) => r[k] ?? '')));
  return { columns, rows: raw.map((r) => r.map((v, k) => typed(v, types[k] ?? 'string', file, columns[k] ?? ''))) };
}
