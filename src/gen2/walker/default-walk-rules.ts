import type { WalkRules } from './walk-rules.js';

/**
 * The rules of obs_base's Gen2 → Gen3 converter for a root repository: `CALIB`, `ref_cats` and
 * `rerun` are converted separately; repository metadata, Gen3 files, `README.txt` and backup
 * files (`*.*~*`, e.g. `packages.pickle~1`) are not datasets.
 */
export const DEFAULT_WALK_RULES: WalkRules = {
  skipDirs: [
    { dir: 'CALIB', reason: 'calibration repository (converted separately)' },
    { dir: 'ref_cats', reason: 'reference catalogs (converted separately)' },
    { dir: 'rerun', reason: 'reruns (converted separately)' },
  ],
  ignore: [
    { pattern: 'README.txt', rule: 'documentation' },
    { pattern: '*.*~*', rule: 'backup file' },
    { pattern: '_mapper', rule: 'Gen2 repository metadata' },
    { pattern: '_parent', rule: 'Gen2 repository metadata' },
    { pattern: 'repositoryCfg.yaml', rule: 'Gen2 repository metadata' },
    { pattern: 'registry.sqlite3', rule: 'Gen2 registry' },
    { pattern: 'calibRegistry.sqlite3', rule: 'Gen2 registry' },
    { pattern: 'butler.yaml', rule: 'Gen3 repository file' },
    { pattern: 'gen3.sqlite3', rule: 'Gen3 repository file' },
  ],
};
