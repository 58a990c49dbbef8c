/**
 * Fault injection (suite `faults:`), to prove the compare stage catches what real parity testing
 * caught. Each fault acts on one side only:
 * - `config`: an option of that side's reference pipeline (a changed config field, written to the
 *   side's config dataset);
 * - `calib-validity-shift` (Gen2 side, demo inputs): the validity boundaries of one calibration type
 *   in the Gen2 calibration registry move by N days at the end of the convert stage, so raws near a
 *   boundary pick another calibration on the Gen2 side only (seen by conversion parity's calibration
 *   lookups, and in the outputs when the calibrations differ in content);
 * - `drop-output`, `nan-move`: applied to that side's written output after its steps (the file is
 *   removed; a pixel of the image plane becomes NaN and the old NaN pixel, if any, a finite value).
 * - `flat-choice`, `gather-order`, `filter-band` (Gen2 side): options of that side's reference pipeline
 *   (another flat; the visitSummary gather in reversed input order; the band the tasks see);
 * - `filter-band` (Gen3 side): a conversion fault, the converter's filter → band map overridden for
 *   the conversion of the run ({@link faultedConverters}).
 * Every fault is applied once per run directory (a marker file), so a resumed stage does not apply it twice.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { readFits, writeFitsFile } from '../../src/fits/fits-file.js';
import { rawSpecOf } from '../../src/fits/fits-writer.js';
import type { HduSpec } from '../../src/fits/hdu-spec.js';
import { FitsHeader } from '../../src/fits/header.js';
import { isImageHdu } from '../../src/fits/hdu.js';
import type { Converter } from '../../src/convert/converter.js';
import type { Logger } from '../../src/log/logger.js';
import { PipelineDatasetNotFoundError } from '../pipeline/errors.js';
import { STRUCTURAL } from '../pipeline/masked-image.js';
import type { NeutralButler } from '../pipeline/neutral-butler.js';
import type { ReferenceTaskOptions } from '../pipeline/reference-pipeline.js';
import type { Side } from '../steps/run-side-steps.js';
import type { SuiteFault } from '../suite/suite-schema.js';
import { FaultNotSupportedError } from './harness-errors.js';

/** Faults that act on `side`. */
export function faultsOf(faults: readonly SuiteFault[], side: Side): SuiteFault[] {
  return faults.filter((f) => f.side === side);
}

/** @throws FaultNotSupportedError for a fault this harness cannot inject, or on an input it must not modify. */
export function checkFaults(faults: readonly SuiteFault[], options: { demoInputs: boolean }): void {
  for (const f of faults) {
    if (f.kind === 'calib-validity-shift' && (f.side !== 'gen2' || !options.demoInputs)) throw new FaultNotSupportedError(`fault calib-validity-shift is supported on the gen2 side of demo inputs only (the harness never edits a real repository)`);
    if (f.kind === 'gather-order' && f.step !== 'visitSummary') throw new FaultNotSupportedError(`fault gather-order: only the visitSummary gather depends on an input order (step ${f.step} has none)`);
  }
}

/**
 * The reference pipeline options of a side with its faults (`faults` already restricted to that side):
 * `config` → task config overrides; `gather-order` → the visitSummary gather in reversed input order
 * (both butlers list the inputs in ascending detector order, so `reversed` is what changes the
 * order-dependent `visit_flux_running`); `flat-choice` → the flat of `useFilter`, else the flat chosen
 * as if the exposure were 2 days later, for `dataIds` (default every unit); `filter-band` on the Gen2
 * side → the band the tasks see for that physical filter (on the Gen3 side it is a conversion fault:
 * {@link faultedConverters}).
 */
export function pipelineOptions(faults: readonly SuiteFault[]): ReferenceTaskOptions {
  const isr: Record<string, unknown> = {};
  const detect: Record<string, unknown> = {};
  const opts: { -readonly [K in keyof ReferenceTaskOptions]: ReferenceTaskOptions[K] } = {};
  const filterBands: Record<string, string> = {};
  for (const f of faults) {
    if (f.kind === 'config') (f.task === 'detect' ? detect : isr)[f.field] = f.value;
    if (f.kind === 'gather-order') opts.gatherOrder = 'reversed';
    if (f.kind === 'flat-choice') Object.assign(opts, f.useFilter ? { flatFilter: f.useFilter } : { flatShiftDays: FLAT_CHOICE_SHIFT_DAYS }, f.dataIds ? { flatFaultDataIds: f.dataIds } : {});
    if (f.kind === 'filter-band' && f.side === 'gen2') filterBands[f.physicalFilter] = f.band;
  }
  if (Object.keys(isr).length) opts.isr = isr as ReferenceTaskOptions['isr'];
  if (Object.keys(detect).length) opts.detect = detect as ReferenceTaskOptions['detect'];
  if (Object.keys(filterBands).length) opts.filterBands = filterBands;
  return opts;
}

/** Days a `flat-choice` fault without `useFilter` shifts the flat lookup by (one demo validity period). */
export const FLAT_CHOICE_SHIFT_DAYS = 2;

/**
 * The converters of the conversion with the Gen3-side `filter-band` faults applied: each faulted
 * physical filter is declared with the wrong band, so the conversion writes that band into the
 * `physical_filter` record (and the raws' data IDs), and the Gen3 side's tasks see it.
 */
export function faultedConverters(converters: readonly Converter[], faults: readonly SuiteFault[]): Converter[] {
  const wrong = new Map<string, string>();
  for (const f of faults) if (f.kind === 'filter-band' && f.side === 'gen3') wrong.set(f.physicalFilter, f.band);
  if (!wrong.size) return [...converters];
  return converters.map((c) => ({
    ...c,
    instruments: c.instruments.map((i) => {
      const known = new Set(i.filters.definitions.map((d) => d.physicalFilter));
      const definitions = [...i.filters.definitions.map((d) => (wrong.has(d.physicalFilter) ? { ...d, band: wrong.get(d.physicalFilter)! } : d)), ...[...wrong].filter(([pf]) => !known.has(pf)).map(([physicalFilter, band]) => ({ physicalFilter, band }))];
      return { ...i, filters: { ...i.filters, definitions } };
    }),
  }));
}

function addDays(date: string, days: number): string {
  const t = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(t) ? date : new Date(t + days * 86_400_000).toISOString().slice(0, 10) + date.slice(10);
}

async function once(runDir: string, name: string, apply: () => Promise<void>): Promise<void> {
  const marker = path.join(runDir, 'faults', `${name}.done`);
  if (existsSync(marker)) return;
  await apply();
  await mkdir(path.dirname(marker), { recursive: true });
  await writeFile(marker, '');
}

/** Moves the validity boundaries of `datasetType` by `days` in a Gen2 calibration registry (end of each range and start of the next). */
export function shiftCalibValidity(calibRegistry: string, datasetType: string, days: number): number {
  const db = new Database(calibRegistry);
  try {
    const rows = db.prepare(`select id, filter, ccd, calibDate, validStart, validEnd from ${datasetType} order by filter, ccd, calibDate`).all() as { id: number; filter: string; ccd: number; validStart: string; validEnd: string }[];
    const update = db.prepare(`update ${datasetType} set validStart = ?, validEnd = ? where id = ?`);
    let changed = 0;
    db.transaction(() => {
      rows.forEach((r, i) => {
        const prev = rows[i - 1];
        const next = rows[i + 1];
        const sameGroup = (o: typeof r | undefined) => o !== undefined && o.filter === r.filter && o.ccd === r.ccd;
        const start = sameGroup(prev) ? addDays(r.validStart, days) : r.validStart;
        const end = sameGroup(next) ? addDays(r.validEnd, days) : r.validEnd;
        if (start !== r.validStart || end !== r.validEnd) {
          update.run(start, end, r.id);
          changed++;
        }
      });
    })();
    return changed;
  } finally {
    db.close();
  }
}

/** Applies the input faults of the Gen2 side (before its steps). */
export async function applyInputFaults(runDir: string, side: Side, faults: readonly SuiteFault[], calibRoot: string | undefined, logger: Logger): Promise<void> {
  for (const [i, f] of faults.entries()) {
    if (f.kind !== 'calib-validity-shift' || side !== 'gen2') continue;
    if (!calibRoot) throw new FaultNotSupportedError('fault calib-validity-shift: the input has no calibration root');
    await once(runDir, `${side}-${i}-${f.kind}`, async () => {
      const changed = shiftCalibValidity(path.join(calibRoot, 'calibRegistry.sqlite3'), f.datasetType, f.days);
      logger.warn('fault-injected', { side, kind: f.kind, datasetType: f.datasetType, days: f.days, rows: changed });
    });
  }
}

async function moveNan(file: string, from: readonly [number, number], to: readonly [number, number]): Promise<void> {
  const fits = await readFits(file);
  const index = fits.hdus.findIndex((h) => isImageHdu(h) && h.header.getNumber('NAXIS') === 2 && ['IMAGE', undefined].includes(h.header.getString('EXTTYPE')?.trim()));
  const hdu = fits.hdus[index];
  if (!hdu || !isImageHdu(hdu)) throw new FaultNotSupportedError(`fault nan-move: ${file} has no 2-d image`);
  const img = hdu.image();
  const [w] = img.shape;
  const pixels = Float32Array.from(img.physical());
  const at = (p: readonly [number, number]) => p[1] * (w ?? 0) + p[0];
  if (at(to) >= pixels.length || at(from) >= pixels.length) throw new FaultNotSupportedError(`fault nan-move: pixel outside the ${img.shape.join('×')} image of ${file}`);
  if (Number.isNaN(pixels[at(from)])) pixels[at(from)] = 0;
  pixels[at(to)] = Number.NaN;
  const header = new FitsHeader();
  for (const c of hdu.header.cards) if (c.value !== undefined && !STRUCTURAL.has(c.keyword) && c.keyword !== 'XTENSION') header.set(c.keyword, c.value, c.comment ?? '');
  const specs: HduSpec[] = fits.hdus.map((h, i) => (i === index ? { kind: 'image', data: pixels, shape: img.shape, header } : rawSpecOf(h)));
  await writeFitsFile(file, specs);
}

/** Applies the output faults of a side (after its steps). */
export async function applyOutputFaults(runDir: string, side: Side, faults: readonly SuiteFault[], butler: NeutralButler, logger: Logger): Promise<void> {
  for (const [i, f] of faults.entries()) {
    if (f.kind !== 'drop-output' && f.kind !== 'nan-move') continue;
    await once(runDir, `${side}-${i}-${f.kind}`, async () => {
      let file: string;
      try {
        file = await butler.locate(f.datasetType, f.dataId);
      } catch (err) {
        // Dropped by an earlier, interrupted application of this fault.
        if (f.kind === 'drop-output' && err instanceof PipelineDatasetNotFoundError) return;
        throw err;
      }
      if (f.kind === 'drop-output') await rm(file, { force: true });
      else await moveNan(file, f.from, f.to);
      logger.warn('fault-injected', { side, kind: f.kind, datasetType: f.datasetType, dataId: f.dataId, file });
    });
  }
}
