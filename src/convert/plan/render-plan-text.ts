import type { ConversionPlan, PlannedFileOutcome } from './plan-model.js';

function grouped(list: readonly PlannedFileOutcome[]): string[] {
  const byReason = new Map<string, number>();
  for (const o of list) byReason.set(o.reason, (byReason.get(o.reason) ?? 0) + o.count);
  return [...byReason].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, n]) => `  ${String(n).padStart(6)}  ${reason}`);
}

/** The `--dry-run` text of a plan: collections, dataset counts per type and run, validity findings, files not converted. */
export function renderPlanText(plan: ConversionPlan): string {
  const lines: string[] = [];
  lines.push(`Conversion plan (format ${plan.formatVersion}): ${plan.gen2Root} → instrument ${plan.instrument} (${plan.mapperClass})`);
  if (plan.calibRoots.length > 0) lines.push(`calibrations: ${plan.calibRoots.join(', ')}`);
  if (plan.reruns.length > 0) lines.push(`reruns: ${plan.reruns.join(', ')}`);
  for (const m of plan.skyMaps ?? []) lines.push(`skymap ${m.name}: ${m.tractMax} tract(s), ${m.patchNx}×${m.patchNy} patches${m.tracts ? ` (${Object.keys(m.tracts).length} tract(s) with their own grid)` : ''}`);
  lines.push('', 'Collections:');
  for (const c of plan.collections) lines.push(`  ${c.type.padEnd(11)} ${c.name}${c.children ? ` → [${c.children.join(', ')}]` : ''}`);
  lines.push('', 'Datasets:');
  const counts = new Map<string, number>();
  for (const d of plan.datasets) counts.set(`${d.datasetType}\t${d.run}`, (counts.get(`${d.datasetType}\t${d.run}`) ?? 0) + 1);
  for (const [key, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [type, run] = key.split('\t');
    const t = plan.datasetTypes.find((x) => x.name === type);
    lines.push(`  ${String(n).padStart(6)}  ${type} in ${run}${t ? `  (${t.storageClass}; ${t.dimensions.join(', ') || 'no dimensions'})` : ''}`);
  }
  if (plan.certifications.length > 0) lines.push('', `Certifications: ${plan.certifications.length} into ${[...new Set(plan.certifications.map((c) => c.collection))].join(', ')}`);
  const repaired = plan.validityIssues.filter((v) => v.repaired).length;
  const left = plan.validityIssues.length - repaired;
  if (plan.validityIssues.length > 0) lines.push(`Validity: ${repaired} gap/overlap(s) under 1.001 day closed, ${left} left as found`);
  if (plan.ignored.length > 0) lines.push('', 'Ignored:', ...grouped(plan.ignored));
  if (plan.skipped.length > 0) lines.push('', 'Skipped:', ...grouped(plan.skipped));
  if (plan.unrecognized.length > 0) lines.push('', 'Unrecognized:', ...plan.unrecognized.map((u) => `  ${String(u.count).padStart(6)}  ${u.path}: ${u.reason}`));
  const t = plan.totals;
  lines.push('', `Files: ${t.files} = ${t.convertedFiles} converted (${t.datasets} datasets) + ${t.ignored} ignored + ${t.skipped} skipped + ${t.unrecognized} unrecognized`);
  return `${lines.join('\n')}\n`;
}
