import type { Gen3DataId } from '../translate/index.js';
import type { ConversionPlan, PlanSource, PlannedCollection, PlannedFileOutcome, PlannedValidityIssue } from '../plan/index.js';

/** Major version of the conversion report. Readers reject another major version. */
export const CONVERSION_REPORT_FORMAT_VERSION = 1;

/** One converted dataset: where its Gen2 file went. */
export interface ConvertedDataset {
  /** Absolute path of the Gen2 file. */
  readonly path: string;
  readonly relPath: string;
  readonly source: PlanSource;
  readonly datasetType: string;
  readonly run: string;
  readonly dataId: Gen3DataId;
  /** Dataset id (dashed UUID, `DATAID_TYPE_RUN`). */
  readonly id: string;
  readonly hdu?: number;
  /** `inserted` by this run, or `present` (already converted by an earlier run). */
  readonly status: 'inserted' | 'present';
}

/** What the define-visits step did. */
export interface VisitsOutcome {
  readonly visitSystem: string;
  /** Visits written by this run. */
  readonly defined: number;
  /** Visits already there (identical). */
  readonly present: number;
  /** Exposures that got no visit, with the reason (non-science exposures). */
  readonly skipped: number;
}

/**
 * What a conversion did: every Gen2 file is in exactly one of `converted` (by path; a
 * multi-extension file once per dataset), `notConverted`, `ignored`, `skipped`, `unrecognized`.
 */
export interface ConversionReport {
  readonly formatVersion: typeof CONVERSION_REPORT_FORMAT_VERSION;
  readonly instrument: string;
  readonly gen2Root: string;
  readonly repo: string;
  readonly transfer: string;
  readonly collections: readonly PlannedCollection[];
  readonly datasetTypes: readonly string[];
  readonly datasets: { readonly planned: number; readonly inserted: number; readonly present: number; readonly notConverted: number };
  /** Datasets per RUN and dataset type (inserted + present). */
  readonly runs: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly certifications: { readonly planned: number; readonly inserted: number; readonly present: number };
  readonly dimensionRecords: Readonly<Record<string, { readonly planned: number; readonly inserted: number }>>;
  readonly visits?: VisitsOutcome;
  readonly batches: { readonly total: number; readonly written: number; readonly size: number };
  readonly validityIssues: readonly PlannedValidityIssue[];
  readonly converted: readonly ConvertedDataset[];
  /** Planned datasets that could not be written (no formatter for the storage class). */
  readonly notConverted: readonly PlannedFileOutcome[];
  readonly ignored: readonly PlannedFileOutcome[];
  readonly skipped: readonly PlannedFileOutcome[];
  readonly unrecognized: readonly PlannedFileOutcome[];
  readonly totals: ConversionPlan['totals'];
  /** Result of `--verify`, when run. */
  readonly verify?: unknown;
  /** Wall-clock seconds of the apply step. */
  readonly seconds: number;
}

/** A report with the visits step's outcome added. */
export function withVisits(report: ConversionReport, visits: VisitsOutcome): ConversionReport {
  return { ...report, visits };
}

function grouped(list: readonly PlannedFileOutcome[]): string[] {
  const byReason = new Map<string, number>();
  for (const o of list) byReason.set(o.reason, (byReason.get(o.reason) ?? 0) + o.count);
  return [...byReason].sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, n]) => `  ${String(n).padStart(6)}  ${reason}`);
}

/** The human summary of a conversion report (what `gen2to3 convert` prints without `--json`). */
export function renderConversionSummary(report: ConversionReport): string {
  const lines: string[] = [];
  const d = report.datasets;
  lines.push(`Converted ${report.gen2Root} → ${report.repo} (instrument ${report.instrument}, transfer ${report.transfer})`);
  lines.push(`Datasets: ${d.inserted} inserted, ${d.present} already present, ${d.notConverted} not converted (of ${d.planned} planned) in ${report.batches.written}/${report.batches.total} batch(es) of up to ${report.batches.size}`);
  lines.push('', 'Runs:');
  for (const run of Object.keys(report.runs).sort()) {
    const byType = report.runs[run] ?? {};
    lines.push(`  ${run}: ${Object.keys(byType).sort().map((t) => `${byType[t]} ${t}`).join(', ')}`);
  }
  const c = report.certifications;
  if (c.planned > 0) lines.push('', `Certifications: ${c.inserted} new, ${c.present} already present (of ${c.planned})`);
  const recs = Object.entries(report.dimensionRecords).filter(([, v]) => v.planned > 0);
  if (recs.length > 0) lines.push(`Dimension records: ${recs.map(([k, v]) => `${k} ${v.inserted}/${v.planned} new`).join(', ')}`);
  if (report.visits) lines.push(`Visits (${report.visits.visitSystem}): ${report.visits.defined} defined, ${report.visits.present} already defined, ${report.visits.skipped} exposure(s) not science`);
  const repaired = report.validityIssues.filter((v) => v.repaired).length;
  if (report.validityIssues.length > 0) lines.push(`Validity: ${repaired} gap/overlap(s) under 1.001 day closed, ${report.validityIssues.length - repaired} gap(s) left as found`);
  lines.push('', 'Collections:');
  for (const col of report.collections) lines.push(`  ${col.type.padEnd(11)} ${col.name}${col.children ? ` → [${col.children.join(', ')}]` : ''}`);
  if (report.notConverted.length > 0) lines.push('', 'Not converted:', ...grouped(report.notConverted));
  if (report.ignored.length > 0) lines.push('', 'Ignored:', ...grouped(report.ignored));
  if (report.skipped.length > 0) lines.push('', 'Skipped:', ...grouped(report.skipped));
  if (report.unrecognized.length > 0) lines.push('', 'Unrecognized:', ...report.unrecognized.map((u) => `  ${String(u.count).padStart(6)}  ${u.path}: ${u.reason}`));
  const t = report.totals;
  lines.push('', `Files: ${t.files} = ${t.convertedFiles} converted (${t.datasets} datasets) + ${t.ignored} ignored + ${t.skipped} skipped + ${t.unrecognized} unrecognized`);
  lines.push(`Curated calibrations (camera, obs-package defects…) are not Gen2 data and were not written; add them with the Gen3 stack: butler write-curated-calibrations ${report.repo} ${report.instrument}`);
  return `${lines.join('\n')}\n`;
}
