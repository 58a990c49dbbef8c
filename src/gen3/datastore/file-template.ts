import { FileTemplateError } from './errors.js';
import { joinPath, normpath, relativeToRoot, splitPath } from './posix-path.js';
import { pythonFloatRepr, pythonFormat, type TemplateValue } from './python-format-spec.js';
import { parseTemplate, type TemplatePart } from './template-parser.js';
import { skypixAlias, splitDatasetTypeName, type TemplateDimensions, type TemplateRecord, type TemplateRef } from './template-ref.js';

/** Fields of a template grouped like daf_butler's `FileTemplate.grouped_fields`. */
export interface FieldGroups {
  /** Plain dimension fields (`visit`). */
  standard: Set<string>;
  /** `run`, `id`, `datasetType`, `component`. */
  special: Set<string>;
  /** Dotted fields in full (`visit.name`). */
  subfield: Set<string>;
  /** The dimension of a dotted field (`visit`). */
  parent: Set<string>;
}

/** What a template can be validated against: a dataset type (or a ref's dataset type); omit for the basic checks only. */
export interface TemplateValidationTarget {
  /** Full dataset type name (`parent.component` for a component). */
  readonly name: string;
  readonly dimensions: TemplateDimensions;
}

const MANDATORY = new Set(['run', 'id']);
const SPECIAL = new Set(['run', 'id', 'datasetType', 'component']);
const SPECIAL_FS_CHARS = /[ <>:"\\|?*]/g;

/** A field name of a template part: `visit`, or `visit.name` split at its dot. */
interface CompiledField {
  readonly name: string;
  /** The part before the first `.` (the whole name without one). */
  readonly primary: string;
  /** The part after the `.` of a dotted name with exactly one. */
  readonly secondary: string | undefined;
  /** The name has more than one `.` (an error when formatted). */
  readonly extraDots: boolean;
}

/** A template part as `format` uses it. */
interface CompiledPart {
  readonly literal: string;
  /** The field of a part without `|` alternates. */
  readonly field: CompiledField | undefined;
  /** The `|` alternates of a field, in order. */
  readonly alternates: readonly CompiledField[] | undefined;
  readonly formatSpec: string | null;
  /** `?` in the spec: the field may be missing. */
  readonly optional: boolean;
  /** `/` in the spec: slashes in the value are kept. */
  readonly keepSlash: boolean;
  /** The spec without `?` and `/`. */
  readonly spec: string;
  readonly conversion: string | null;
}

function compileField(name: string): CompiledField {
  const pieces = name.split('.');
  return { name, primary: pieces[0] ?? name, secondary: pieces.length === 2 ? pieces[1] : undefined, extraDots: pieces.length > 2 };
}

function compilePart(part: TemplatePart): CompiledPart {
  const names = part.fieldName?.includes('|') ? part.fieldName.split('|').map(compileField) : undefined;
  const spec = part.formatSpec?.replace(/\?/g, '') ?? '';
  return {
    literal: part.literal,
    field: part.fieldName !== null && !names ? compileField(part.fieldName) : undefined,
    alternates: names,
    formatSpec: part.formatSpec,
    optional: part.formatSpec?.includes('?') ?? false,
    keepSlash: spec.includes('/'),
    spec: spec.replace(/\//g, ''),
    conversion: part.conversion,
  };
}

function emptyGroups(): FieldGroups {
  return { standard: new Set(), special: new Set(), subfield: new Set(), parent: new Set() };
}

function union(...sets: Set<string>[]): Set<string> {
  return new Set(sets.flatMap((s) => [...s]));
}

function show(set: Iterable<string>): string {
  return `{${[...set].sort().map((s) => `'${s}'`).join(', ')}}`;
}

function pythonRepr(value: TemplateValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') {
    const q = value.includes("'") && !value.includes('"') ? '"' : "'";
    return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return pythonFloatRepr(value);
  return String(value);
}

/**
 * One daf_butler file template (`FileTemplate`): Python format-string syntax over data-ID fields,
 * `dim.metadata` record fields, `run`, `id`, `datasetType`, `component`; `|` alternates; `?` marks a
 * field optional (when missing, it and its preceding literal are dropped unless the literal holds a
 * `/`); `/` in the spec keeps slashes in the value. String values get ` <>:"\|?*` → `_` and (without
 * `/` in the spec) `/` → `_`; the file-name part gets `.` → `_` and `#` → `HASH`; the result is
 * `normpath`-ed and made relative.
 *
 * @example new FileTemplate('{run:/}/{datasetType}/{visit:08d}/{datasetType}_{visit}_{run}').format(ref)
 */
export class FileTemplate {
  /** The template text. */
  readonly template: string;
  private readonly parts: readonly TemplatePart[];
  /** {@link FileTemplate.parts} with what `format` derives from each worked out once. */
  private readonly compiled: readonly CompiledPart[];

  /** @throws FileTemplateError when the template fails the basic validation (syntax, mandatory `run`/`id`, …). */
  constructor(template: string) {
    this.template = template;
    const parts = parseTemplate(template);
    if (typeof parts === 'string') throw new FileTemplateError(template, `Template '${template}' is not a valid format string: ${parts}`);
    this.parts = parts;
    this.compiled = parts.map(compilePart);
    this.validate();
  }

  /** The template text. */
  toString(): string {
    return this.template;
  }

  /** Fields grouped by kind, required and optional separately; alternates resolved against `dimensions` when given. */
  groupedFields(dimensions?: TemplateDimensions): [FieldGroups, FieldGroups] {
    const required = emptyGroups();
    const optional = emptyGroups();
    const known = dimensions ? new Set(dimensions.names) : undefined;
    for (const { fieldName, formatSpec } of this.parts) {
      if (fieldName === null || formatSpec === null) continue;
      const given = fieldName.split('|');
      let fields: string[] = [];
      if (known) {
        const hit = given.find((f) => {
          const primary = f.split('.')[0] ?? f;
          return known.has(primary) || SPECIAL.has(primary);
        });
        if (hit !== undefined) fields = [hit];
      }
      if (fields.length === 0) fields = given;
      const target = formatSpec.includes('?') ? optional : required;
      for (const f of fields) {
        if (SPECIAL.has(f)) target.special.add(f);
        else if (f.includes('.')) {
          target.subfield.add(f);
          target.parent.add(f.split('.')[0] ?? f);
        } else target.standard.add(f);
      }
    }
    return [required, optional];
  }

  /**
   * Field names used (daf_butler `FileTemplate.fields`).
   * @param opts.optionals - include optional fields. Default is `false`.
   * @param opts.specials - include `run`, `id`, `datasetType`, `component`. Default is `false`.
   * @param opts.subfields - keep `a.b` instead of `a`. Default is `false`.
   */
  fields(opts: { optionals?: boolean; specials?: boolean; subfields?: boolean } = {}): Set<string> {
    const names = new Set<string>();
    for (const { fieldName, formatSpec } of this.parts) {
      if (fieldName === null || formatSpec === null) continue;
      if (!opts.optionals && formatSpec.includes('?')) continue;
      for (const f of fieldName.split('|')) {
        if (!opts.specials && SPECIAL.has(f)) continue;
        names.add(!opts.subfields && f.includes('.') ? (f.split('.')[0] ?? f) : f);
      }
    }
    return names;
  }

  /**
   * Checks the template as daf_butler's `validateTemplate` does: a `run` or `id` field, some
   * dimension field (or `id`), no `../`, `{id}` in the file name when used, no `collection`; and
   * against a dataset type: component use, required fields ⊆ its dimensions, all fields ⊇ its
   * required dimensions.
   * @throws FileTemplateError naming the template.
   */
  validate(target?: TemplateValidationTarget): void {
    const t = this.template;
    const fail = (msg: string): never => {
      throw new FileTemplateError(t, msg);
    };
    const [req, opt] = this.groupedFields(target?.dimensions);
    const withSpecials = union(req.standard, req.parent, req.special, opt.standard, opt.parent, opt.special);
    if (withSpecials.has('collection')) fail("'collection' is no longer supported as a file template placeholder; use 'run' instead.");
    if (![...MANDATORY].some((m) => withSpecials.has(m))) fail(`Template '${t}' is missing a mandatory field from {'id', 'run'}`);
    const allFields = union(req.standard, req.parent, opt.standard, opt.parent);
    if (allFields.size === 0 && !withSpecials.has('id')) fail(`Template '${t}' does not seem to have any fields corresponding to dimensions.`);
    if (t.includes('../')) fail(`Template '${t}': a file template should not include jump to parent directory.`);
    if (withSpecials.has('id') && !splitPath(t)[1].includes('{id}')) fail(`Template '${t}' includes the 'id' but that ID is not part of the file name.`);
    if (!target) return;
    const isComponent = splitDatasetTypeName(target.name)[1] !== undefined;
    if (isComponent && !withSpecials.has('component')) fail(`Template '${t}' has no component but ${target.name} refers to a component.`);
    if (!isComponent && union(req.standard, req.parent, req.special).has('component')) {
      fail(`Template '${t}' has mandatory component but ${target.name} does not refer to a component.`);
    }
    const minimal = new Set(target.dimensions.required);
    const maximal = new Set(target.dimensions.names);
    const required = union(req.standard, req.parent);
    const alias = skypixAlias(target.dimensions);
    if (alias !== undefined) {
      for (const s of [minimal, maximal]) {
        s.delete(alias);
        s.add('skypix');
      }
      for (const s of [required, allFields]) {
        if (s.delete(alias)) s.add('skypix');
      }
    }
    const extra = [...required].filter((f) => !maximal.has(f));
    if (extra.length > 0) fail(`Template '${t}' is inconsistent with ${target.name}: ${show(required)} is not a subset of ${show(maximal)}.`);
    const missing = [...minimal].filter((d) => !allFields.has(d));
    if (missing.length > 0) fail(`Template '${t}' is inconsistent with ${target.name}: ${show(allFields)} is not a superset of ${show(minimal)}.`);
  }

  /**
   * The relative datastore path (no extension) of a dataset, as daf_butler's `FileTemplate.format`.
   * @throws FileTemplateError for a missing non-optional field, a component not used by the
   * template, a dotted field without records, or a format spec the value does not accept.
   */
  format(ref: TemplateRef): string {
    const t = this.template;
    const fields = new Map<string, TemplateValue>();
    for (const [k, v] of Object.entries(ref.dataId)) fields.set(k, v);
    const alias = skypixAlias(ref.datasetType.dimensions);
    if (alias !== undefined && fields.has(alias)) fields.set('skypix', fields.get(alias) as TemplateValue);
    const [typeName, component] = splitDatasetTypeName(ref.datasetType.name);
    fields.set('datasetType', typeName);
    if (component !== undefined) fields.set('component', component);
    fields.set('run', ref.run);
    fields.set('id', ref.id);
    const records = ref.records;
    const extras = new Map<string, TemplateRecord | null>();
    let usedComponent = false;
    let output = '';
    for (const part of this.compiled) {
      let literal = part.literal;
      // the first alternate whose dimension the data ID has, else the first
      const field = part.alternates ? (part.alternates.find((alt) => fields.has(alt.primary)) ?? part.alternates[0]) : part.field;
      if (field?.name === 'component') usedComponent = true;
      if (part.formatSpec === null || field === undefined) {
        output += literal;
        continue;
      }
      const fieldName = field.name;
      let formatSpec = part.spec;
      if (field.secondary !== undefined || field.extraDots) {
        if (field.extraDots) throw new FileTemplateError(t, `Template '${t}': field '${fieldName}' has more than one '.'`);
        const { primary, secondary } = field as { primary: string; secondary: string };
        if (records && !extras.has(primary) && fields.has(primary)) {
          const key = primary === 'skypix' && alias !== undefined ? alias : primary;
          const record = records[key] ?? null;
          extras.set(key, record);
          extras.set(primary, record);
        }
        if (extras.has(primary)) {
          const record = extras.get(primary);
          if (record && Object.hasOwn(record, secondary)) fields.set(fieldName, record[secondary] as TemplateValue);
        } else if (fields.has(primary)) {
          throw new FileTemplateError(
            t,
            `No metadata records attached to dataset ${ref.datasetType.name} ${ref.id} when attempting to expand field ${fieldName}. Either expand the data ID or change the template '${t}'.`,
          );
        }
      }
      let value: TemplateValue;
      if (fields.has(fieldName)) {
        value = fields.get(fieldName) as TemplateValue;
      } else if (part.optional) {
        formatSpec = '';
        value = '';
        if (!literal.includes('/')) literal = '';
      } else {
        throw new FileTemplateError(t, `'${fieldName}' requested in template via '${t}' but not defined and not optional`);
      }
      if (typeof value === 'string') {
        value = value.replace(SPECIAL_FS_CHARS, '_');
        if (!part.keepSlash) value = value.replace(/\//g, '_');
      }
      if (part.conversion === 'r' || part.conversion === 'a') value = pythonRepr(value);
      else if (part.conversion === 's') value = pythonFormat(value, '') ?? '';
      const text = pythonFormat(value, formatSpec);
      if (text === undefined) {
        throw new FileTemplateError(t, `Template '${t}': format spec '${formatSpec}' cannot format the value ${pythonRepr(value)} of field '${fieldName}'`);
      }
      output += literal + text;
    }
    const [head, tail] = splitPath(output);
    output = joinPath(head, tail.replace(/\./g, '_').replace(/#/g, 'HASH'));
    if (component !== undefined && !usedComponent) {
      throw new FileTemplateError(t, `Component '${component}' specified but template ${t} did not use it`);
    }
    const path = normpath(output);
    return path.startsWith('/') ? relativeToRoot(path) : path;
  }
}
