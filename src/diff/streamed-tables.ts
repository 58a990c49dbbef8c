import { open, type FileHandle } from 'node:fs/promises';
import { BinTable } from '../fits/bintable.js';
import { readBinTableColumns, type BinTableColumn } from '../fits/bintable-column.js';
import { readFitsHeaders } from '../fits/fits-file.js';
import type { HduInfo } from '../fits/hdu.js';
import { readLayout } from '../fits/hdu-layout.js';
import { formatBinaryFormat } from '../fits/tform.js';
import type { FitsDiffOptions } from './fits-diff-options.js';
import { hasData, viewHduInfo, type HduView } from './hdu-view.js';
import { RowScanner, type RowScan } from './stored-table-diff.js';
import { binTableView, storedFieldOf, type TableView } from './table-view.js';

/** About this many bytes of rows are read from each file at a time. */
const CHUNK = 1 << 20;

interface TablePlan {
  readonly index: number;
  readonly infos: readonly [HduInfo, HduInfo];
  readonly columns: readonly [BinTableColumn[], BinTableColumn[]];
  readonly rowLength: number;
  readonly rowCount: number;
}

/**
 * Views of two uncompressed files that hold only binary tables (and data-less images), whose tables have
 * the same columns (names, formats, all unscaled `B I J K E D`), no heap and as many rows: the rows of
 * each table pair are streamed from both files through small buffers and scanned
 * ({@link RowScanner}), so that neither file is read into memory; the table comparison then works from
 * the scan alone. Undefined whenever that does not apply (the caller then reads the files in full, which
 * also reports any error).
 */
export async function streamedTableFiles(pathA: string, pathB: string, options: FitsDiffOptions): Promise<{ viewsA: HduView[]; viewsB: HduView[] } | undefined> {
  if (options.tables === 'catalog') return undefined;
  let a: FileHandle | undefined;
  let b: FileHandle | undefined;
  try {
    const [headersA, headersB] = await Promise.all([readFitsHeaders(pathA), readFitsHeaders(pathB)]);
    if (headersA.gzipped || headersB.gzipped || headersA.hdus.length !== headersB.hdus.length) return undefined;
    const plans: TablePlan[] = [];
    for (let i = 0; i < headersA.hdus.length; i++) {
      const infoA = headersA.hdus[i] as HduInfo;
      const infoB = headersB.hdus[i] as HduInfo;
      if (infoA.kind !== infoB.kind) return undefined;
      if (infoA.kind === 'primary' || infoA.kind === 'image') {
        if (hasData(infoA.header) || hasData(infoB.header)) return undefined;
        continue;
      }
      if (infoA.kind !== 'bintable') return undefined;
      if (options.tables === 'auto' && infoA.header.has('AFW_TYPE') && infoB.header.has('AFW_TYPE')) return undefined;
      const plan = planTable(i, infoA, infoB, pathA, pathB);
      if (!plan) return undefined;
      plans.push(plan);
    }
    if (plans.length === 0) return undefined;
    a = await open(pathA, 'r');
    b = await open(pathB, 'r');
    const views = [headersA.hdus.map(viewHduInfo), headersB.hdus.map(viewHduInfo)];
    for (const plan of plans) {
      const scan = await scanTable(a, b, plan);
      if (!scan) return undefined;
      for (const side of [0, 1] as const) {
        const info = plan.infos[side];
        const table = scannedTableView(plan, side, scan, side === 0 ? pathA : pathB);
        const view = views[side]?.[plan.index] as HduView;
        (views[side] as HduView[])[plan.index] = { ...view, data: { kind: 'table', table: () => table, header: info.header } };
      }
    }
    return { viewsA: views[0] as HduView[], viewsB: views[1] as HduView[] };
  } catch {
    return undefined;
  } finally {
    await Promise.all([a?.close(), b?.close()]);
  }
}

function planTable(index: number, infoA: HduInfo, infoB: HduInfo, pathA: string, pathB: string): TablePlan | undefined {
  const layoutA = readLayout(infoA.header, { file: pathA, hdu: index, offset: infoA.headerOffset });
  const layoutB = readLayout(infoB.header, { file: pathB, hdu: index, offset: infoB.headerOffset });
  const [rowLength, rowCount] = layoutA.axes;
  if (layoutA.axes.length !== 2 || rowLength === undefined || rowCount === undefined || rowLength === 0) return undefined;
  if (layoutB.axes[0] !== rowLength || layoutB.axes[1] !== rowCount || layoutA.axes.length !== layoutB.axes.length) return undefined;
  if (layoutA.pcount !== 0 || layoutB.pcount !== 0 || layoutA.gcount !== 1 || layoutB.gcount !== 1) return undefined;
  const columnsA = readBinTableColumns(infoA.header, rowLength, { file: pathA, hdu: index, offset: infoA.headerOffset });
  const columnsB = readBinTableColumns(infoB.header, rowLength, { file: pathB, hdu: index, offset: infoB.headerOffset });
  if (columnsA.length !== columnsB.length || new Set(columnsA.map((c) => c.name.toLowerCase())).size !== columnsA.length) return undefined;
  for (let c = 0; c < columnsA.length; c++) {
    const x = columnsA[c] as BinTableColumn;
    const y = columnsB[c] as BinTableColumn;
    if (x.name.toLowerCase() !== y.name.toLowerCase() || formatBinaryFormat(x.format) !== formatBinaryFormat(y.format) || x.offset !== y.offset) return undefined;
    if (!storedFieldOf(x).storedField || !storedFieldOf(y).storedField) return undefined;
  }
  return { index, infos: [infoA, infoB], columns: [columnsA, columnsB], rowLength, rowCount };
}

async function scanTable(a: FileHandle, b: FileHandle, plan: TablePlan): Promise<RowScan | undefined> {
  const { rowLength, rowCount } = plan;
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK / rowLength));
  const bufferA = Buffer.allocUnsafeSlow(rowsPerChunk * rowLength);
  const bufferB = Buffer.allocUnsafeSlow(rowsPerChunk * rowLength);
  const floatFields = plan.columns[0].flatMap((column) => {
    const field = storedFieldOf(column).storedField;
    return field && (field.type === 'E' || field.type === 'D') ? [field] : [];
  });
  const scanner = new RowScanner(rowLength, floatFields);
  for (let first = 0; first < rowCount; first += rowsPerChunk) {
    const rows = Math.min(rowsPerChunk, rowCount - first);
    const length = rows * rowLength;
    const [readA, readB] = await Promise.all([
      readFully(a, bufferA, length, plan.infos[0].dataOffset + first * rowLength),
      readFully(b, bufferB, length, plan.infos[1].dataOffset + first * rowLength),
    ]);
    if (readA !== length || readB !== length) return undefined;
    scanner.add(bufferA, bufferB, first, rows);
  }
  return scanner.result();
}

/** The table as the comparator sees it, answering from the scan; its columns are never decoded. */
function scannedTableView(plan: TablePlan, side: 0 | 1, scan: RowScan, file: string): TableView {
  const info = plan.infos[side];
  const empty = new BinTable(plan.columns[side], plan.rowCount, plan.rowLength, new Uint8Array(0), 0, { file, hdu: plan.index, offset: info.dataOffset });
  const view = binTableView(empty, info.header);
  return {
    rowCount: plan.rowCount,
    stored: { rowLength: plan.rowLength, scan },
    columns: view.columns.map((column) => ({
      ...column,
      values: () => {
        throw new Error(`column ${column.name} of a streamed table was not read`);
      },
    })),
  };
}

async function readFully(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
