import { createRequire } from 'node:module';
import path from 'node:path';
import fg from 'fast-glob';
import { DEFAULT_WALK_RULES, walkGen2Tree } from '../../src/gen2/walker/index.js';
import { bestOfInterleaved } from './timing.js';
import { generateHscTree } from './hsc-tree.js';
import { hscWalkTargets } from './hsc-policy.js';
import type { Benchmark } from './types.js';

const ROUNDS = 3;
const POINTINGS = 12;

/**
 * Walking a 200,000-file HSC root repository with every non-calibration template of the real HSC policy, against a
 * bare fast-glob listing of the same tree (no classification at all). Target: at least half its speed.
 */
export const walkBenchmark: Benchmark = {
  name: 'walk',
  description: `walkGen2Tree over a generated HSC-like Gen2 root repository (~200,000 files, raws as symlinks) with every non-calibration HSC policy template, vs. a bare \`fast-glob('**', {onlyFiles: true, dot: true})\` listing; best of ${ROUNDS}, interleaved.`,
  async run(ctx) {
    const root = path.join(ctx.tmpDir, 'repo');
    const tree = generateHscTree(root, Math.max(1, Math.round(POINTINGS * ctx.scale)));
    ctx.log(`generated ${tree.files.toLocaleString('en-US')} files in ${(tree.ms / 1000).toFixed(1)} s`);
    const targets = hscWalkTargets();
    ctx.log(`${targets.length} HSC policy templates`);

    const timed = await bestOfInterleaved(ROUNDS, {
      fastGlob: async () => (await fg('**', { cwd: root, onlyFiles: true, dot: true })).length,
      walk: async () => walkGen2Tree(root, targets, DEFAULT_WALK_RULES),
    });
    const listed = timed.fastGlob.value;
    const walk = timed.walk.value;
    const globFilesPerSecond = listed / (timed.fastGlob.bestMs / 1000);
    const walkFilesPerSecond = walk.totals.files / (timed.walk.bestMs / 1000);
    ctx.log(`fast-glob ${Math.round(timed.fastGlob.bestMs)} ms, walk ${Math.round(timed.walk.bestMs)} ms`);

    return {
      metrics: {
        files: walk.totals.files,
        walkMs: Math.round(timed.walk.bestMs),
        walkFilesPerSecond: Math.round(walkFilesPerSecond),
        ratioToFastGlob: Math.round((walkFilesPerSecond / globFilesPerSecond) * 1000) / 1000,
        countMismatch: Math.abs(walk.totals.files - listed),
        targets: walk.totals.targets,
        skipped: walk.totals.skipped,
        ignored: walk.totals.ignored,
        unrecognized: walk.totals.unrecognized,
        directories: walk.totals.directories,
        templates: targets.length,
      },
      peers: {
        'fast-glob': {
          version: fastGlobVersion(),
          files: listed,
          ms: Math.round(timed.fastGlob.bestMs),
          filesPerSecond: Math.round(globFilesPerSecond),
        },
      },
      targets: [
        { metric: 'ratioToFastGlob', op: '>=', value: 0.5 },
        { metric: 'countMismatch', op: '<=', value: 0 },
      ],
      notes: [
        `tree: ${tree.files} files (${tree.rawSymlinks} raw symlinks), generated in ${(tree.ms / 1000).toFixed(1)} s`,
        `all runs (ms): walk ${timed.walk.allMs.map(Math.round).join(', ')}; fast-glob ${timed.fastGlob.allMs.map(Math.round).join(', ')}`,
      ],
    };
  },
};

function fastGlobVersion(): string {
  const pkg = createRequire(import.meta.url)('fast-glob/package.json') as { version: string };
  return pkg.version;
}
