/**
 * Argument templates of external command steps. A template is one argv element with `{name}`
 * placeholders (`{gen2Root}`, `{dataId.visit}`, …); `{{` and `}}` are literal braces. Expansion
 * substitutes text inside one element and never splits or joins elements, so a value such as
 * `1; rm -rf /` stays one argument (the command is spawned without a shell).
 */
import { StepTemplateError } from './step-template-error.js';

/** Run-level placeholders every step may use. */
export const TEMPLATE_VARIABLES = ['gen2Root', 'gen3Repo', 'calibs', 'rerun', 'collection', 'inputCollections', 'instrument', 'runDir', 'step', 'jobs'] as const;
/** A run-level placeholder name. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** Prefix of per-data-ID placeholders: `{dataId.visit}`. */
export const DATA_ID_PREFIX = 'dataId.';

/** Values for expansion: run-level variables and the unit's data ID (when it has one). */
export interface TemplateValues {
  readonly vars: Partial<Readonly<Record<TemplateVariable, string>>>;
  readonly dataId?: Readonly<Record<string, string | number>>;
}

/** One parsed piece of a template element. */
type Piece = { literal: string } | { placeholder: string };

function parse(template: string): Piece[] {
  const pieces: Piece[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    const next = template[i + 1];
    if (c === '{' && next === '{') {
      literal += '{';
      i++;
    } else if (c === '}' && next === '}') {
      literal += '}';
      i++;
    } else if (c === '{') {
      const end = template.indexOf('}', i + 1);
      if (end < 0) throw new StepTemplateError(`unclosed "{" at offset ${i} (write "{{" for a literal brace)`);
      if (literal) pieces.push({ literal });
      literal = '';
      pieces.push({ placeholder: template.slice(i + 1, end) });
      i = end;
    } else if (c === '}') {
      throw new StepTemplateError(`unmatched "}" at offset ${i} (write "}}" for a literal brace)`);
    } else literal += c;
  }
  if (literal) pieces.push({ literal });
  return pieces;
}

/** The placeholder names used in one template element. @throws StepTemplateError on bad braces. */
export function templatePlaceholders(template: string): string[] {
  return parse(template).flatMap((p) => ('placeholder' in p ? [p.placeholder] : []));
}

/** True when the placeholder is a known run variable or a `dataId.<key>` reference. */
export function isKnownPlaceholder(name: string): boolean {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name) || (name.startsWith(DATA_ID_PREFIX) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name.slice(DATA_ID_PREFIX.length)));
}

/** True when any element of `argv` references the data ID. */
export function usesDataId(argv: readonly string[]): boolean {
  return argv.some((a) => templatePlaceholders(a).some((p) => p.startsWith(DATA_ID_PREFIX)));
}

/**
 * Expands each template element into exactly one argument.
 * @throws StepTemplateError naming the element when a placeholder has no value.
 */
export function expandArgs(templates: readonly string[], values: TemplateValues): string[] {
  return templates.map((template, index) =>
    parse(template)
      .map((p) => {
        if ('literal' in p) return p.literal;
        const name = p.placeholder;
        const value = name.startsWith(DATA_ID_PREFIX) ? values.dataId?.[name.slice(DATA_ID_PREFIX.length)] : values.vars[name as TemplateVariable];
        if (value === undefined) throw new StepTemplateError(`argument ${index} ("${template}"): no value for {${name}}`);
        return String(value);
      })
      .join(''),
  );
}
