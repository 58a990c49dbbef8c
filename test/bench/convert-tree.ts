import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rerunCfg } from '../../ci_gen3/demo/generate-gen2-repo.js';

/** What {@link generateHscConvertRepo} wrote. */
export interface HscConvertRepo {
  readonly root: string;
  /** The rerun, relative to the root. */
  readonly rerun: string;
  readonly visits: number;
  readonly raws: number;
  /** calexp + src per raw, in the rerun. */
  readonly processed: number;
  readonly calibs: number;
  readonly coadds: number;
  /** Every dataset file written. */
  readonly datasets: number;
  readonly files: number;
  readonly ms: number;
}

export const HSC_FILTERS = ['HSC-G', 'HSC-R', 'HSC-I', 'HSC-Z', 'HSC-Y'] as const;
export const HSC_BANDS: Readonly<Record<string, string>> = { 'HSC-G': 'g', 'HSC-R': 'r', 'HSC-I': 'i', 'HSC-Z': 'z', 'HSC-Y': 'y' };
export const CCDS = 104;
const VISITS_PER_POINTING_FILTER = 8;
const BIAS_DATES = ['2015-01-01', '2015-03-01', '2015-05-01', '2015-07-01', '2015-09-01'];
const DARK_DATES = ['2015-01-15', '2015-07-15'];
const FLAT_DATES = ['2015-02-01', '2015-08-01'];
const PATCHES = 9;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** HSC raw path of a visit/ccd (`%(field)s/%(dateObs)s/%(pointing)05d/%(filter)s/HSC-%(visit)07d-%(ccd)03d.fits`). */
export function hscRawPath(r: { field: string; dateObs: string; pointing: number; filter: string; visit: number; ccd: number }): string {
  return `${r.field}/${r.dateObs}/${pad(r.pointing, 5)}/${r.filter}/HSC-${pad(r.visit, 7)}-${pad(r.ccd, 3)}.fits`;
}

/** `validEnd` of a calibration valid until the day before the next calibDate (or a year later). */
function validity(dates: readonly string[], i: number): { start: string; end: string } {
  const day = 86_400_000;
  const start = i === 0 ? '2014-01-01' : dates[i]!;
  const next = dates[i + 1];
  const end = next ? new Date(Date.parse(`${next}T00:00:00Z`) - day).toISOString().slice(0, 10) : '2016-12-31';
  return { start, end };
}

/**
 * Writes an HSC-like Gen2 repository for the conversion benchmark with about `datasets` dataset
 * files (empty: the HSC conversion reads registries, not headers): raws in the root with a real
 * `registry.sqlite3` (`raw`, `raw_visit` as HSC's ingestImages wrote them), bias/dark/flat under
 * `CALIB` with `calibRegistry.sqlite3` validity ranges, and a rerun `rerun/bench` (repositoryCfg with
 * the root as parent) holding per-CCD `calexp` (CORR) and `src` (SRC) outputs and `deepCoadd_calexp`
 * coadds (9×9 patches × 5 filters per tract). Raws : processed : calibs+coadds ≈ 1 : 2 : small.
 */
export function generateHscConvertRepo(root: string, datasets: number): HscConvertRepo {
  const started = performance.now();
  let files = 0;
  const made = new Set<string>();
  const touch = (rel: string): void => {
    const abs = path.join(root, rel);
    const dir = path.dirname(abs);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    closeSync(openSync(abs, 'w'));
    files++;
  };
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, '_mapper'), 'lsst.obs.hsc.HscMapper\n');
  files++;

  const calibs = CCDS * (BIAS_DATES.length + DARK_DATES.length + FLAT_DATES.length * HSC_FILTERS.length);
  const tracts = Math.max(1, Math.round(datasets / 250_000));
  const coadds = tracts * PATCHES * PATCHES * HSC_FILTERS.length;
  const visits = Math.max(HSC_FILTERS.length, Math.round((datasets - calibs - coadds) / (3 * CCDS)));

  // Root: raws and their registry.
  const registry = new Database(path.join(root, 'registry.sqlite3'));
  files++;
  registry.exec(
    'CREATE TABLE raw (id integer primary key autoincrement, taiObs text,expId text,pointing int,dataType text,visit int,dateObs text,frameId text,filter text,field text,pa double,expTime double,ccdTemp double,ccd int,proposal text,config text,autoguider int, unique(visit,ccd));' +
      'CREATE TABLE raw_visit (visit int,field text,filter text,dateObs text,taiObs text, unique(visit));',
  );
  const insertRaw = registry.prepare('INSERT INTO raw (taiObs, expId, pointing, dataType, visit, dateObs, frameId, filter, field, pa, expTime, ccdTemp, ccd, proposal, config, autoguider) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertVisit = registry.prepare('INSERT INTO raw_visit (visit, field, filter, dateObs, taiObs) VALUES (?, ?, ?, ?, ?)');
  const rerun = 'rerun/bench';
  const visitList: { visit: number; pointing: number; filter: string; dateObs: string; taiObs: string }[] = [];
  registry.transaction(() => {
    for (let i = 0; i < visits; i++) {
      const filter = HSC_FILTERS[Math.floor(i / VISITS_PER_POINTING_FILTER) % HSC_FILTERS.length]!;
      const pointing = 800 + Math.floor(i / (VISITS_PER_POINTING_FILTER * HSC_FILTERS.length));
      const visit = 1000 + 2 * i;
      const day = 1 + (Math.floor(i / 40) % 300);
      const date = new Date(Date.UTC(2015, 0, 1) + day * 86_400_000);
      const dateObs = date.toISOString().slice(0, 10);
      const taiObs = `${dateObs}T${pad(8 + (i % 10), 2)}:${pad(i % 60, 2)}:00.000`;
      visitList.push({ visit, pointing, filter, dateObs, taiObs });
      insertVisit.run(visit, 'SSP_WIDE', filter, dateObs, taiObs);
      for (let ccd = 0; ccd < CCDS; ccd++) {
        insertRaw.run(taiObs, `HSCA${pad(visit, 8)}`, pointing, 'OBJECT', visit, dateObs, `HSCA${pad(visit * 100 + ccd, 8)}`, filter, 'SSP_WIDE', 0, 200, -100, ccd, 'o15406', '20140306.cfg', 0);
      }
    }
  })();
  registry.close();
  for (const v of visitList) for (let ccd = 0; ccd < CCDS; ccd++) touch(hscRawPath({ field: 'SSP_WIDE', ...v, ccd }));

  // Calibrations.
  mkdirSync(path.join(root, 'CALIB'), { recursive: true });
  const calibDb = new Database(path.join(root, 'CALIB', 'calibRegistry.sqlite3'));
  files++;
  for (const t of ['bias', 'dark', 'flat']) {
    calibDb.exec(`CREATE TABLE ${t} (id integer primary key autoincrement, filter text,ccd int,validStart text,calibDate text,validEnd text, unique(filter,ccd,calibDate)); CREATE TABLE ${t}_visit (calibDate text,filter text, unique(calibDate,filter));`);
  }
  calibDb.transaction(() => {
    const add = (type: string, dates: readonly string[], filters: readonly string[], template: (d: string, f: string, ccd: number) => string) => {
      const row = calibDb.prepare(`INSERT INTO ${type} (filter, ccd, validStart, calibDate, validEnd) VALUES (?, ?, ?, ?, ?)`);
      const visitRow = calibDb.prepare(`INSERT INTO ${type}_visit (calibDate, filter) VALUES (?, ?)`);
      dates.forEach((d, i) => {
        const { start, end } = validity(dates, i);
        for (const f of filters) {
          visitRow.run(d, f);
          for (let ccd = 0; ccd < CCDS; ccd++) {
            row.run(f, ccd, start, d, end);
            touch(`CALIB/${template(d, f, ccd)}`);
          }
        }
      });
    };
    add('bias', BIAS_DATES, ['NONE'], (d, _f, ccd) => `BIAS/${d}/NONE/BIAS-${d}-${pad(ccd, 3)}.fits`);
    add('dark', DARK_DATES, ['NONE'], (d, _f, ccd) => `DARK/${d}/NONE/DARK-${d}-${pad(ccd, 3)}.fits`);
    add('flat', FLAT_DATES, HSC_FILTERS, (d, f, ccd) => `FLAT/${d}/${f}/FLAT-${d}-${f}-${pad(ccd, 3)}.fits`);
  })();
  calibDb.close();

  // The rerun: per-CCD outputs and coadds.
  const calibAbs = path.join(root, 'CALIB');
  mkdirSync(path.join(root, rerun), { recursive: true });
  writeFileSync(path.join(root, rerun, 'repositoryCfg.yaml'), rerunCfg('lsst.obs.hsc.HscMapper', root, calibAbs));
  files++;
  for (const v of visitList) {
    for (let ccd = 0; ccd < CCDS; ccd++) {
      const id = `${pad(v.visit, 7)}-${pad(ccd, 3)}`;
      touch(`${rerun}/${pad(v.pointing, 5)}/${v.filter}/corr/CORR-${id}.fits`);
      touch(`${rerun}/${pad(v.pointing, 5)}/${v.filter}/output/SRC-${id}.fits`);
    }
  }
  for (let t = 0; t < tracts; t++) {
    const tract = 9000 + t;
    for (const f of HSC_FILTERS) for (let x = 0; x < PATCHES; x++) for (let y = 0; y < PATCHES; y++) touch(`${rerun}/deepCoadd/${f}/${tract}/${x},${y}/calexp-${f}-${tract}-${x},${y}.fits`);
  }
  const raws = visits * CCDS;
  return { root, rerun, visits, raws, processed: 2 * raws, calibs, coadds, datasets: 3 * raws + calibs + coadds, files, ms: performance.now() - started };
}
