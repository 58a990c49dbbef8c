import type { VerifyMismatch, VerifyReport } from '../convert/verify/index.js';

const idText = (dataId: Readonly<Record<string, unknown>>) => Object.entries(dataId).map(([k, v]) => `${k}=${String(v)}`).join(', ');

function mismatchLines(m: VerifyMismatch): string[] {
  const head = m.kind === 'dataset' ? `  ${m.datasetType} {${idText(m.dataId)}}${m.run ? ` in ${m.run}` : ''}` : `  ${m.datasetType} for raw {${idText(m.dataId)}}`;
  return [head, `    reason: ${m.reason}`, `    gen2:   ${m.gen2Path ?? '(none)'}`, `    gen3:   ${m.gen3Path ?? '(none)'}`];
}

/** The human summary of `--verify`: counts, then every mismatch with both paths and the reason. */
export function renderVerifyText(report: VerifyReport, options: { maxMismatches?: number } = {}): string {
  const d = report.datasets;
  const c = report.calibrations;
  const lines = [
    `Verify ${report.instrument}: ${report.ok ? 'OK' : `${report.mismatches.length} mismatch${report.mismatches.length === 1 ? '' : 'es'}`}`,
    `Datasets: ${d.matched}/${d.checked} same file (${d.sameInode} same inode, ${d.sameBytes} identical bytes; ${d.byPlannedPath} found by planned path, not through the mapper)`,
    `Calibration lookups: ${c.matched}/${c.lookups} same calibration for ${c.raws} raws × [${c.datasetTypes.join(', ')}]` +
      ` (${c.bothMissing} none on both sides, ${c.gen2Ambiguous} ambiguous in Gen2, ${c.byExposureTimespan} over the Gen3 exposure timespan)`,
  ];
  const max = options.maxMismatches ?? 50;
  for (const kind of ['dataset', 'calibration'] as const) {
    const list = report.mismatches.filter((m) => m.kind === kind);
    if (list.length === 0) continue;
    lines.push(kind === 'dataset' ? 'Dataset mismatches:' : 'Calibration lookup mismatches:');
    for (const m of list.slice(0, max)) lines.push(...mismatchLines(m));
    if (list.length > max) lines.push(`  … and ${list.length - max} more`);
  }
  return `${lines.join('\n')}\n`;
}
