import { closeSync, mkdirSync, openSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** What {@link generateHscTree} wrote. */
export interface HscTreeStats {
  /** Files under the root, symlinks to files included. */
  readonly files: number;
  readonly rawSymlinks: number;
  readonly ms: number;
}

const FILTERS = ['HSC-G', 'HSC-R', 'HSC-I', 'HSC-Z', 'HSC-Y'];
const CCDS = 104;
const VISITS_PER_POINTING_FILTER = 8;
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Writes an HSC-like Gen2 root repository of empty files under `root`: raws as symlinks (as
 * `ingestImages.py --mode=link` leaves them) to one file outside the root, `corr/` and `output/`
 * processing outputs, a skipped `CALIB` and `ref_cats`, repository metadata, backup files, notes and
 * a stray Gen3 datastore. With `pointings = 12` that is just over 200,000 files.
 */
export function generateHscTree(root: string, pointings: number): HscTreeStats {
  const started = performance.now();
  let files = 0;
  let rawSymlinks = 0;
  const made = new Set<string>();
  const dir = (rel: string): string => {
    const abs = path.join(root, rel);
    if (!made.has(abs)) {
      mkdirSync(abs, { recursive: true });
      made.add(abs);
    }
    return abs;
  };
  const touch = (rel: string, name: string): void => {
    closeSync(openSync(path.join(dir(rel), name), 'w'));
    files++;
  };
  const rawTarget = path.join(path.dirname(root), 'raw-target.fits');
  closeSync(openSync(rawTarget, 'w'));

  for (const name of ['_mapper', 'registry.sqlite3', 'README.txt', 'exports.yaml']) touch('', name);
  for (const name of ['packages.pickle', 'packages.pickle~1', 'processCcd.py', 'singleFrameDriver.py']) touch('config', name);
  touch('deepCoadd', 'skyMap.pickle');
  touch('schema', 'src.fits');
  for (let i = 0; i < 200; i++) touch('ref_cats/ps1_pv3_3pi_20170110', `${189000 + i}.fits`);
  for (let ccd = 0; ccd < 112; ccd++) touch('HSC/calib/unbounded/transmission_sensor', `transmission_sensor_HSC_${ccd}_HSC_calib_unbounded.fits`);

  let visit = 1000;
  for (let p = 0; p < pointings; p++) {
    const pointing = pad(800 + p, 5);
    const dateObs = `2015-07-${pad(1 + (p % 28), 2)}`;
    for (const filter of FILTERS) {
      const corr = `${pointing}/${filter}/corr`;
      const output = `${pointing}/${filter}/output`;
      const rawDir = dir(`SSP_WIDE/${dateObs}/${pointing}/${filter}`);
      touch(output, 'notes.txt');
      for (let v = 0; v < VISITS_PER_POINTING_FILTER; v++, visit += 2) {
        const vis = pad(visit, 7);
        touch(output, `sourceTable-${vis}.parq`);
        touch(output, `visitSummary-${vis}.fits`);
        for (let ccd = 0; ccd < CCDS; ccd++) {
          const id = `${vis}-${pad(ccd, 3)}`;
          symlinkSync(rawTarget, path.join(rawDir, `HSC-${id}.fits`));
          files++;
          rawSymlinks++;
          touch(corr, `CORR-${id}.fits`);
          touch(corr, `BKGD-${id}.fits`);
          touch(output, `SRC-${id}.fits.gz`);
        }
      }
      touch(corr, `CORR-${pad(visit, 7)}-000.fits~1`);
    }
  }
  for (const calibDate of ['2015-01-01', '2015-03-01', '2015-05-01', '2015-07-01', '2015-09-01']) {
    for (let ccd = 0; ccd < CCDS; ccd++) touch(`CALIB/BIAS/${calibDate}/NONE`, `BIAS-${calibDate}-${pad(ccd, 3)}.fits`);
  }
  for (const calibDate of ['2015-02-01', '2015-08-01']) {
    for (const filter of FILTERS) {
      for (let ccd = 0; ccd < CCDS; ccd++) touch(`CALIB/FLAT/${calibDate}/${filter}`, `FLAT-${calibDate}-${filter}-${pad(ccd, 3)}.fits`);
    }
  }
  return { files, rawSymlinks, ms: performance.now() - started };
}
