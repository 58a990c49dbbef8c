/**
 * Child process of the conversion benchmark: profiles the plan phase alone. argv: gen2Root rerun policyDir.
 * Times a bare walk of the root and the rerun with the HSC templates, then `planConversion` (walk +
 * registry reads + translation + runs/collections/validity), and prints one JSON line with both
 * times, the plan's totals and this process's peak RSS.
 */
import path from 'node:path';
import { hscConverter } from '../../converters/hsc/index.js';
import { planConversion } from '../../src/convert/plan/index.js';
import { DEFAULT_WALK_RULES, walkGen2Tree } from '../../src/gen2/walker/index.js';
import { hscWalkTargets } from './hsc-policy.js';

const [root, rerun, policyDir] = process.argv.slice(2) as [string, string, string];
/** The bare walk, in its own scope so that its results are garbage before planning starts. */
async function bareWalk(): Promise<{ walkMs: number; walkedFiles: number }> {
  const targets = hscWalkTargets();
  const started = performance.now();
  const walkRoot = await walkGen2Tree(root, targets, DEFAULT_WALK_RULES);
  const walkRerun = await walkGen2Tree(path.join(root, rerun), targets, { skipDirs: [], ignore: [] });
  return { walkMs: performance.now() - started, walkedFiles: walkRoot.totals.files + walkRerun.totals.files };
}
const { walkMs, walkedFiles } = await bareWalk();
const afterWalkRssMiB = process.memoryUsage().rss / 1048576;
const started = performance.now();
const plan = await planConversion({ gen2Root: root, reruns: [rerun], converter: hscConverter, policyPath: [policyDir] });
const planMs = performance.now() - started;
const byType: Record<string, number> = {};
for (const d of plan.datasets) byType[d.datasetType] = (byType[d.datasetType] ?? 0) + 1;
const skippedReasons: Record<string, number> = {};
for (const s of plan.skipped) {
  const reason = s.reason.replace(/\{[^}]*\}/g, '{…}').replace(/\d+/g, 'N').slice(0, 160);
  skippedReasons[reason] = (skippedReasons[reason] ?? 0) + s.count;
}
process.stdout.write(
  `${JSON.stringify({
    walkMs,
    walkedFiles,
    afterWalkRssMiB,
    planMs,
    totals: plan.totals,
    byType,
    skippedReasons,
    heapUsedMiB: process.memoryUsage().heapUsed / 1048576,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
