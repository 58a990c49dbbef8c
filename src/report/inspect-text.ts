import type { InspectReport } from '../gen2/inspect/inspect-repository.js';

function table(rows: readonly (readonly (string | number)[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  return rows.map((r) => indent + r.map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!))).join('  ').trimEnd());
}

/** Renders an {@link InspectReport} as the human summary `gen2to3 inspect` prints. */
export function renderInspectText(r: InspectReport): string {
  const out: string[] = [];
  out.push(`Gen2 repository ${r.root} (${r.version})`);
  out.push(`  mapper:      ${r.mapper.dotted}  (from ${r.mapper.file})`);
  out.push(`  instrument:  ${r.instrument ?? '(none: no Gen3 instrument for this mapper)'}`);
  out.push(`  calib root:  ${r.calibRoot.root}  [${r.calibRoot.source}]${r.calibRoot.registry ? '' : '  (no calibRegistry.sqlite3)'}`);
  for (const nf of r.calibRoot.notFound) out.push(`               recorded calib root not found: ${nf}`);
  out.push(`  parents:     ${r.parents.length === 0 ? '(none)' : r.parents.map((p) => `${p.root} (${p.version})`).join(' -> ')}`);
  for (const p of r.rerootedParents) out.push(`               stale parent root ${p.recorded} re-rooted to ${p.resolved}`);
  for (const p of r.missingParents) out.push(`               MISSING parent ${p.recorded} (${p.reason}; recorded in ${p.file})`);
  for (const t of r.pythonTags.filter((t) => t.unexpected)) out.push(`  WARNING: unexpected Python tag ${t.tag} at ${t.path} (kept as inert data)`);
  out.push('');
  out.push('Registries');
  for (const reg of r.registries) {
    out.push(`  ${reg.role === 'raw' ? 'raw  ' : 'calib'} ${reg.path}`);
    out.push(...table(Object.entries(reg.tables).map(([name, n]) => [name, n]), '        '));
  }
  out.push('');
  out.push('Datasets found');
  const ds = Object.entries(r.datasets).sort(([a], [b]) => a.localeCompare(b));
  out.push(...(ds.length ? table(ds) : ['  (none)']));
  for (const rerun of r.reruns) {
    out.push(`  rerun ${rerun.path}: ${Object.entries(rerun.datasets).map(([k, v]) => `${k} ${v}`).join(', ') || '(no datasets)'}${rerun.unrecognized ? `, ${rerun.unrecognized} unrecognized` : ''}`);
  }
  if (r.validity.length) {
    out.push('');
    out.push('Calibration validity ranges');
    for (const v of r.validity) {
      out.push(`  ${v.datasetType} (table ${v.table}, by ${v.groupBy.join(', ') || 'nothing'}): ${v.groups} groups, ${v.gaps.length} gaps, ${v.overlaps.length} overlaps`);
      for (const [kind, list] of [['gap', v.gaps], ['overlap', v.overlaps]] as const) {
        for (const p of list.slice(0, 5)) out.push(`    ${kind} of ${p.days} days for ${JSON.stringify(p.key)}: ${p.prevStart}..${p.prevEnd} then ${p.nextStart}..${p.nextEnd}`);
        if (list.length > 5) out.push(`    … ${list.length - 5} more ${kind}s`);
      }
    }
  }
  out.push('');
  const t = r.totals;
  out.push(`Files: ${t.files} = ${t.targets} datasets + ${t.skipped} skipped + ${t.ignored} ignored + ${t.unrecognized} unrecognized + ${t.broken} broken`);
  for (const s of r.skipped) out.push(`  skipped ${s.path}/ (${s.count} files): ${s.reason}`);
  for (const [rule, n] of Object.entries(r.ignored)) out.push(`  ignored ${n} × ${rule}`);
  for (const b of r.broken) out.push(`  broken ${b.path}: ${b.problem} (${b.detail})`);
  if (r.ambiguous.length) out.push(`  ${r.ambiguous.length} files matched several templates (e.g. ${r.ambiguous[0]!.path}: ${r.ambiguous[0]!.candidates.join(', ')})`);
  if (r.unrecognized.length) {
    out.push('Unrecognized entries');
    for (const u of r.unrecognized) {
      const shown = u.entries.slice(0, 8).join(', ');
      out.push(`  ${u.dir}/ (${u.count} files): ${shown}${u.entries.length > 8 ? `, … ${u.entries.length - 8} more` : ''}`);
    }
  }
  return out.join('\n');
}
