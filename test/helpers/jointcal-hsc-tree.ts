import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixture } from './fixtures.js';
import { tmpDir } from './tmp-dir.js';

/**
 * testdata_jointcal/hsc rebuilt from its listing (its files are LFS pointers): empty files at the
 * listed paths, the real `_mapper` and `registry.sqlite3`. Returns the new Gen2 root.
 */
export function jointcalHscTree(): string {
  const root = path.join(tmpDir(), 'hsc');
  for (const line of readFileSync(fixture('testdata_jointcal/GEN2_TREE_LISTING.txt'), 'utf8').split('\n')) {
    const rel = line.split(/\s+/)[2];
    if (!rel?.startsWith('hsc/') || rel.startsWith('hsc/HSC/') || rel === 'hsc/exports.yaml') continue;
    const file = path.join(root, rel.slice(4));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  }
  for (const f of ['_mapper', 'registry.sqlite3']) copyFileSync(fixture('testdata_jointcal/hsc', f), path.join(root, f));
  return root;
}

/** The conversion config that reproduces testdata_jointcal's export: processed outputs in `HSC/testdata`, the Gaia refcat. */
export const JOINTCAL_HSC_CONFIG = {
  runs: Object.fromEntries(['calexp', 'src', 'sourceTable_visit', 'visitSummary', 'src_schema', 'icSrc_schema'].map((t) => [t, 'HSC/testdata'])),
  refCats: ['gaia_dr2_20200414'],
};
