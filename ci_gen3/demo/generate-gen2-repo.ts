import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UsageError, FileAccessError } from '../../src/errors.js';
import { computeGen2Validity } from '../../src/gen2/calib-validity.js';
import { Gen2Template } from '../../src/gen2/templates/template.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { noProgress, type Progress } from '../../src/log/progress.js';
import { DEMO_FILTERS, DEMO_INSTRUMENT, type DemoFilter } from './demo-instrument.js';
import { writeDemoDefects, writeDemoImage, type HeaderCards } from './demo-fits.js';
import { biasModel, defectsModel, demoStarField, flatModel, rawModel, type DemoGeometry } from './pixels.js';
import { SeededRandom } from './random.js';

/** Knobs of the demo Gen2 repository generator. */
export interface DemoGen2Options {
  /** Directory to create (must not exist unless `overwrite`). */
  outDir: string;
  /** Default is `1`. */
  seed?: number;
  /** Number of visits. Default is `6`. */
  visits?: number;
  /** Detectors per visit, 1–8. Default is `4`. */
  detectors?: number;
  /** Detector size in pixels. Default is `128` × `128`. */
  width?: number;
  height?: number;
  /** Default is `2`. */
  visitsPerNight?: number;
  /** First night of observations. Default is `2020-03-01`. */
  startDate?: string;
  /** `ingestCalibs.py --validity` for bias and flat, in days. Default is `2`. */
  calibValidityDays?: number;
  /** Replace `outDir` when it exists. Default is `false`. */
  overwrite?: boolean;
  logger?: Logger;
  progress?: Progress;
}

/** One generated raw (one visit × detector). */
export interface DemoRawRecord {
  visit: number;
  ccd: number;
  filter: DemoFilter;
  dateObs: string;
  taiObs: string;
  expTime: number;
  path: string;
}

/** What the generator wrote. */
export interface DemoGen2Summary {
  root: string;
  calibRoot: string;
  rerun: string;
  seed: number;
  raws: DemoRawRecord[];
  calibrations: { bias: number; flat: number; defects: number };
  calibDates: string[];
  files: number;
}

const TEMPLATES = {
  raw: 'raw/%(dateObs)s/%(visit)06d/%(filter)s/raw-%(visit)06d-%(ccd)02d.fits',
  bias: 'bias/%(calibDate)s/bias-%(calibDate)s-%(ccd)02d.fits',
  flat: 'flat/%(calibDate)s/%(filter)s/flat-%(calibDate)s-%(filter)s-%(ccd)02d.fits',
  defects: 'defects/%(calibDate)s/defects-%(calibDate)s-%(ccd)02d.fits',
  demoIsr_config: 'config/demoIsr.py',
} as const;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function mjd(iso: string): number {
  return Date.parse(`${iso}Z`) / 86_400_000 + 40587;
}

function validate(o: DemoGen2Options): Required<Omit<DemoGen2Options, 'logger' | 'progress'>> {
  const r = {
    outDir: path.resolve(o.outDir),
    seed: o.seed ?? 1,
    visits: o.visits ?? 6,
    detectors: o.detectors ?? 4,
    width: o.width ?? 128,
    height: o.height ?? 128,
    visitsPerNight: o.visitsPerNight ?? 2,
    startDate: o.startDate ?? '2020-03-01',
    calibValidityDays: o.calibValidityDays ?? 2,
    overwrite: o.overwrite ?? false,
  };
  const ints: [string, number, number, number][] = [
    ['--visits', r.visits, 1, 100_000],
    ['--detectors', r.detectors, 1, DEMO_INSTRUMENT.detectorNames.length],
    ['--width', r.width, 16, 8192],
    ['--height', r.height, 16, 8192],
    ['--visits-per-night', r.visitsPerNight, 1, 100],
    ['--calib-validity', r.calibValidityDays, 0, 100_000],
    ['--seed', r.seed, 0, 2 ** 32 - 1],
  ];
  for (const [name, v, min, max] of ints) {
    if (!Number.isInteger(v) || v < min || v > max) throw new UsageError(`${name} must be an integer in [${min}, ${max}], got ${v}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.startDate) || Number.isNaN(Date.parse(r.startDate))) throw new UsageError(`--start-date must be YYYY-MM-DD, got ${r.startDate}`);
  return r;
}

function createRawRegistry(file: string, raws: readonly DemoRawRecord[], pointingOf: (r: DemoRawRecord) => number): void {
  const db = new Database(file);
  try {
    db.exec(
      'create table raw (id integer primary key autoincrement, visit int, ccd int, filter text, dateObs text, taiObs text, expTime double, field text, pointing int, unique(visit, ccd))',
    );
    db.exec('create table raw_visit (visit int, field text, filter text, dateObs text, taiObs text, unique(visit))');
    const insertRaw = db.prepare('insert into raw (visit, ccd, filter, dateObs, taiObs, expTime, field, pointing) values (?, ?, ?, ?, ?, ?, ?, ?)');
    const insertVisit = db.prepare('insert or ignore into raw_visit values (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const r of raws) {
        insertRaw.run(r.visit, r.ccd, r.filter, r.dateObs, r.taiObs, r.expTime, DEMO_INSTRUMENT.field, pointingOf(r));
        insertVisit.run(r.visit, DEMO_INSTRUMENT.field, r.filter, r.dateObs, r.taiObs);
      }
    })();
  } finally {
    db.close();
  }
}

interface CalibRow {
  table: 'bias' | 'flat' | 'defects';
  filter: string;
  ccd: number;
  calibDate: string;
  validStart: string;
  validEnd: string;
}

function createCalibRegistry(file: string, rows: readonly CalibRow[]): void {
  const db = new Database(file);
  try {
    for (const table of ['bias', 'flat', 'defects']) {
      db.exec(`create table ${table} (id integer primary key autoincrement, filter text, ccd int, calibDate text, validStart text, validEnd text, unique(filter, ccd, calibDate))`);
      db.exec(`create table ${table}_visit (filter text, ccd int, calibDate text, unique(filter, ccd, calibDate))`);
    }
    db.transaction(() => {
      for (const r of rows) {
        db.prepare(`insert into ${r.table} (filter, ccd, calibDate, validStart, validEnd) values (?, ?, ?, ?, ?)`).run(r.filter, r.ccd, r.calibDate, r.validStart, r.validEnd);
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * The `repositoryCfg.yaml` of a rerun as daf_persistence writes it: `mapper`, the calibration root,
 * and the root repository's own cfg nested as its parent.
 */
export function rerunCfg(mapper: string, rootAbs: string, calibAbs: string): string {
  return [
    '!RepositoryCfg_v1',
    `_mapper: &id001 !!python/name:${mapper} ''`,
    '_mapperArgs:',
    `  calibRoot: ${calibAbs}`,
    '_parents:',
    '- !RepositoryCfg_v1',
    '  _mapper: *id001',
    '  _mapperArgs:',
    `    calibRoot: ${calibAbs}`,
    '  _parents: []',
    '  _policy: null',
    `  _root: ${rootAbs}`,
    '  dirty: true',
    '_policy: null',
    '_root: null',
    'dirty: true',
    '',
  ].join('\n');
}

const ISR_CONFIG = [
  'import lsst.ip.isr.isrTask',
  "assert type(config)==lsst.ip.isr.isrTask.IsrTaskConfig, 'config is of type %s.%s instead of lsst.ip.isr.isrTask.IsrTaskConfig' % (type(config).__module__, type(config).__name__)",
  '# Apply bias subtraction.',
  'config.doBias=True',
  '# Apply flat field correction.',
  'config.doFlat=True',
  '# Mask defects.',
  'config.doDefect=True',
  '# Saturation level in ADU.',
  'config.saturation=65535.0',
  '',
].join('\n');

/**
 * Writes a complete, deterministic Gen2 repository of the demo instrument: root with `_mapper`, `registry.sqlite3`
 * (`raw`/`raw_visit` as Gen2 ingest wrote them) and raw FITS files; `CALIB/` with `calibRegistry.sqlite3` (bias, flat
 * per filter, defects) and validity ranges computed as `ingestCalibs.py --validity N` did; and `rerun/demo` whose
 * `repositoryCfg.yaml` points at the root. Written into a temporary sibling and renamed into place, so a failure
 * leaves nothing half-written.
 * @throws UsageError for out-of-range knobs; FileAccessError when `outDir` exists (without `overwrite`) or is unwritable.
 */
export async function generateDemoGen2Repo(options: DemoGen2Options): Promise<DemoGen2Summary> {
  const o = validate(options);
  const logger = options.logger ?? silentLogger;
  const progress = options.progress ?? noProgress;
  if (existsSync(o.outDir) && !o.overwrite) throw new FileAccessError(o.outDir, 'already exists (use --overwrite to replace it)');
  const staging = `${o.outDir}.tmp-${process.pid}`;
  try {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
  } catch (err) {
    throw new FileAccessError(staging, 'cannot create directory', { cause: err });
  }
  try {
    const summary = await writeRepo(o, staging, logger, progress);
    rmSync(o.outDir, { recursive: true, force: true });
    renameSync(staging, o.outDir);
    return summary;
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

async function writeRepo(o: ReturnType<typeof validate>, dir: string, logger: Logger, progress: Progress): Promise<DemoGen2Summary> {
  const g: DemoGeometry = { width: o.width, height: o.height, detectors: o.detectors };
  const rng = new SeededRandom(o.seed).fork('visits');
  const stars = demoStarField(o.seed, g);
  const templates = Object.fromEntries(Object.entries(TEMPLATES).map(([k, t]) => [k, Gen2Template.parse(t)])) as Record<keyof typeof TEMPLATES, Gen2Template>;
  const calibDir = path.join(dir, 'CALIB');
  let files = 0;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    files++;
  };

  write(path.join(dir, '_mapper'), `${DEMO_INSTRUMENT.mapper}\n`);
  write(path.join(calibDir, '_mapper'), `${DEMO_INSTRUMENT.mapper}\n`);
  write(path.join(dir, 'README.txt'), `Demo Gen2 repository of ${DEMO_INSTRUMENT.name}, generated by gen2to3 with seed ${o.seed}.\n`);

  const raws: DemoRawRecord[] = [];
  const nights = Math.ceil(o.visits / o.visitsPerNight);
  const bar = progress.start('generating raws', o.visits * o.detectors);
  for (let i = 0; i < o.visits; i++) {
    const night = Math.floor(i / o.visitsPerNight);
    const dateObs = addDays(o.startDate, night);
    const minutes = 180 + 12 * (i % o.visitsPerNight);
    const taiObs = `${dateObs}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000`;
    const visit = 1000 + i;
    const filter = DEMO_FILTERS[i % DEMO_FILTERS.length]!;
    const expTime = 30;
    const dither = { x: rng.uniform(-6, 6), y: rng.uniform(-6, 6) };
    for (let ccd = 0; ccd < o.detectors; ccd++) {
      const rel = templates.raw.format({ dateObs, visit, filter, ccd });
      const record: DemoRawRecord = { visit, ccd, filter, dateObs, taiObs, expTime, path: rel };
      const cards: HeaderCards = [
        ['INSTRUME', DEMO_INSTRUMENT.name, 'Instrument'],
        ['TELESCOP', DEMO_INSTRUMENT.telescope, 'Telescope'],
        ['OBSTYPE', 'science', 'Observation type'],
        ['OBJECT', DEMO_INSTRUMENT.field, 'Target field'],
        ['EXPID', visit, 'Exposure identifier'],
        ['FILTER', filter, 'Physical filter'],
        ['EXPTIME', expTime, '[s] Exposure time'],
        ['DATE-OBS', taiObs, 'Start of exposure'],
        ['TIMESYS', 'TAI', 'Time scale'],
        ['MJD-OBS', Number(mjd(taiObs).toFixed(8)), 'Modified Julian Date of DATE-OBS'],
        ['CCDNUM', ccd, 'Detector number'],
        ['DETNAME', DEMO_INSTRUMENT.detectorNames[ccd]!, 'Detector name'],
        ['GAIN', DEMO_INSTRUMENT.gain, '[e-/ADU] Gain'],
        ['RDNOISE', DEMO_INSTRUMENT.readNoise, '[e-] Read noise'],
        ['DITHERX', Number(dither.x.toFixed(4)), '[pix] Pointing offset in x'],
        ['DITHERY', Number(dither.y.toFixed(4)), '[pix] Pointing offset in y'],
        ['BUNIT', 'adu', 'Pixel unit'],
      ];
      await writeDemoImage(path.join(dir, rel), cards, rawModel(o.seed, { visit, ccd, filter, expTime, dither }, stars, g), g);
      files++;
      raws.push(record);
      bar.tick();
    }
  }
  bar.done();
  createRawRegistry(path.join(dir, 'registry.sqlite3'), raws, (r) => 100 + Math.floor((r.visit - 1000) / o.visitsPerNight));
  files++;

  const calibDates = Array.from({ length: Math.ceil(nights / 2) }, (_, k) => addDays(o.startDate, 2 * k));
  const defectsDate = addDays(o.startDate, -10);
  const rows: CalibRow[] = [];
  const calibBar = progress.start('generating calibrations', o.detectors * calibDates.length * (1 + DEMO_FILTERS.length) + o.detectors);
  for (let ccd = 0; ccd < o.detectors; ccd++) {
    const common: HeaderCards = [
      ['INSTRUME', DEMO_INSTRUMENT.name, 'Instrument'],
      ['CCDNUM', ccd, 'Detector number'],
      ['DETNAME', DEMO_INSTRUMENT.detectorNames[ccd]!, 'Detector name'],
    ];
    for (const v of computeGen2Validity(calibDates, { validityDays: o.calibValidityDays, untilSuperseded: false })) {
      const rel = templates.bias.format({ calibDate: v.calibDate, ccd });
      await writeDemoImage(path.join(calibDir, rel), [...common, ['OBSTYPE', 'bias', 'Calibration type'], ['CALIBDATE', v.calibDate, 'Calibration date']], biasModel(ccd, g), g);
      rows.push({ table: 'bias', filter: 'NONE', ccd, ...v });
      files++;
      calibBar.tick();
      for (const filter of DEMO_FILTERS) {
        const flatRel = templates.flat.format({ calibDate: v.calibDate, filter, ccd });
        await writeDemoImage(
          path.join(calibDir, flatRel),
          [...common, ['OBSTYPE', 'flat', 'Calibration type'], ['FILTER', filter, 'Physical filter'], ['CALIBDATE', v.calibDate, 'Calibration date']],
          flatModel(o.seed, ccd, filter, g),
          g,
        );
        rows.push({ table: 'flat', filter, ccd, ...v });
        files++;
        calibBar.tick();
      }
    }
    for (const v of computeGen2Validity([defectsDate], { validityDays: 0, untilSuperseded: true })) {
      const rel = templates.defects.format({ calibDate: v.calibDate, ccd });
      await writeDemoDefects(path.join(calibDir, rel), [...common, ['OBSTYPE', 'defects', 'Calibration type'], ['CALIBDATE', v.calibDate, 'Calibration date']], defectsModel(ccd, g));
      rows.push({ table: 'defects', filter: 'NONE', ccd, ...v });
      files++;
      calibBar.tick();
    }
  }
  calibBar.done();
  createCalibRegistry(path.join(calibDir, 'calibRegistry.sqlite3'), rows);
  files++;

  const rerun = path.join(dir, 'rerun', 'demo');
  write(path.join(rerun, 'repositoryCfg.yaml'), rerunCfg(DEMO_INSTRUMENT.mapper, o.outDir, path.join(o.outDir, 'CALIB')));
  write(path.join(rerun, templates.demoIsr_config.format({})), ISR_CONFIG);

  const count = (t: CalibRow['table']) => rows.filter((r) => r.table === t).length;
  logger.info('demo-generated', { root: o.outDir, raws: raws.length, files });
  return {
    root: o.outDir,
    calibRoot: path.join(o.outDir, 'CALIB'),
    rerun: path.join(o.outDir, 'rerun', 'demo'),
    seed: o.seed,
    raws: raws.map((r) => ({ ...r })),
    calibrations: { bias: count('bias'), flat: count('flat'), defects: count('defects') },
    calibDates,
    files,
  };
}
