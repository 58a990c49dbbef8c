import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Sections of a camera policy holding dataset types. */
export const POLICY_SECTIONS = ['exposures', 'calibrations', 'datasets', 'images'] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];

/** A dataset type's template as the merged policy defines it. */
export interface PolicyTemplate {
  datasetType: string;
  template: string;
  section: PolicySection;
}

type Yaml = Record<string, unknown>;

const isRecord = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every `template:` string anywhere in a YAML file. */
export function allTemplateStrings(file: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isRecord(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'template' && typeof value === 'string') out.push(value);
        else visit(value);
      }
    }
  };
  visit(parse(readFileSync(file, 'utf8')));
  return out;
}

/**
 * Dataset types and templates of a merged mapper policy: obs_base files (top-level keys are
 * dataset types; `section` says which kind they hold) first, then camera files whose sections
 * override earlier entries by name. Empty and `ignored` templates are left out.
 */
export function mergedPolicyTemplates(baseFiles: readonly { file: string; section: PolicySection }[], cameraFiles: readonly string[]): PolicyTemplate[] {
  const merged = new Map<string, PolicyTemplate>();
  const add = (section: PolicySection, entries: unknown): void => {
    if (!isRecord(entries)) return;
    for (const [datasetType, spec] of Object.entries(entries)) {
      if (!isRecord(spec) || typeof spec.template !== 'string') continue;
      merged.set(datasetType, { datasetType, template: spec.template, section });
    }
  };
  for (const { file, section } of baseFiles) add(section, parse(readFileSync(file, 'utf8')));
  for (const file of cameraFiles) {
    const doc: unknown = parse(readFileSync(file, 'utf8'));
    if (!isRecord(doc)) continue;
    for (const section of POLICY_SECTIONS) add(section, doc[section]);
  }
  return [...merged.values()].filter((t) => t.template !== '' && t.template !== 'ignored');
}
