import type { DatasetDiff } from '../diff/compare-files.js';
import type { ConfigDiff } from '../diff/config-diff.js';
import { reprPyValue } from '../diff/python-value.js';
import type { StructuredValue } from '../diff/structured-data.js';
import type { StructuredDiff } from '../diff/structured-diff.js';
import type { TextDiff } from '../diff/text-diff.js';
import { renderFitsDiffText } from './fits-diff-text.js';

/** Renders any dataset diff as text: the FITS report, or the config / structured / unified-diff report. */
export function renderDatasetDiffText(diff: DatasetDiff): string {
  switch (diff.kind) {
    case 'fits':
      return renderFitsDiffText(diff);
    case 'config':
      return renderConfigDiffText(diff);
    case 'structured':
      return renderStructuredDiffText(diff);
    case 'text':
      return renderTextDiff(diff);
  }
}

/** pex_config style: one `<field>: <a!r> != <b!r>` line per difference. */
export function renderConfigDiffText(diff: ConfigDiff): string {
  const lines = [`config a: ${diff.a}`, `config b: ${diff.b}`, diff.summary];
  for (const difference of diff.differences) {
    if (difference.change === 'changed') lines.push(`${difference.path}: ${reprPyValue(difference.a ?? null)} != ${reprPyValue(difference.b ?? null)}`);
    else if (difference.change === 'onlyInA') lines.push(`${difference.path}: set only in a (${reprPyValue(difference.a ?? null)})`);
    else lines.push(`${difference.path}: set only in b (${reprPyValue(difference.b ?? null)})`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line per difference, located by path. */
export function renderStructuredDiffText(diff: StructuredDiff): string {
  const show = (value: StructuredValue | undefined): string => {
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    const json = JSON.stringify(value) ?? 'null';
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  };
  const lines = [`a: ${diff.a}`, `b: ${diff.b}`, diff.summary];
  for (const difference of diff.differences) {
    const path = difference.path === '' ? '(root)' : difference.path;
    if (difference.change === 'onlyInA') lines.push(`${path}: only in a: ${show(difference.a)}`);
    else if (difference.change === 'onlyInB') lines.push(`${path}: only in b: ${show(difference.b)}`);
    else lines.push(`${path}: ${show(difference.a)} != ${show(difference.b)}${difference.change === 'type' ? ' (types differ)' : ''}`);
  }
  if (diff.differenceCount > diff.differences.length) lines.push(`... ${diff.differenceCount - diff.differences.length} more differences`);
  return `${lines.join('\n')}\n`;
}

/** A unified diff. */
export function renderTextDiff(diff: TextDiff): string {
  if (diff.identical) return `${diff.a} and ${diff.b}: texts identical\n`;
  const lines = [`--- ${diff.a}`, `+++ ${diff.b}`];
  for (const hunk of diff.hunks) {
    lines.push(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, ...hunk.lines);
  }
  return `${lines.join('\n')}\n`;
}
