import { FileTemplateError } from './errors.js';
import { FileTemplate } from './file-template.js';
import { DEFAULT_FILE_TEMPLATES } from './default-templates.js';
import { splitDatasetTypeName, type TemplateDatasetType, type TemplateRef } from './template-ref.js';
import { BoundedMap } from '../../cache/bounded-map.js';

/** Expands dimension names to the full set (required + implied) of the group they form — the universe's `conform(names).names`. */
export type DimensionConformer = (names: readonly string[]) => readonly string[];

/** The part of a dimension universe {@link conformerFromUniverse} needs (`DimensionUniverse.closure`). */
export interface DimensionClosureSource {
  closure(names: Iterable<string>): { readonly required: readonly string[]; readonly implied: readonly string[] };
}

/** A {@link DimensionConformer} from a universe: the required and implied closure of the names. */
export function conformerFromUniverse(universe: DimensionClosureSource): DimensionConformer {
  return (names) => {
    const c = universe.closure(names);
    return [...c.required, ...c.implied];
  };
}

/** A configuration lookup key: a dataset type or storage class name, or a dimension set, optionally qualified by `instrument<NAME>`. */
export interface LookupKey {
  /** Name key, or `undefined` for a dimension-set key. */
  readonly name?: string;
  /** Sorted full dimension names of a dimension-set key. */
  readonly dimensions?: readonly string[];
  /** Data-ID qualification, e.g. `{ instrument: 'HSC' }` from `instrument<HSC>:`. */
  readonly dataId?: Readonly<Record<string, string>>;
}

/** Templates configuration: `key: template` entries, `instrument<NAME>: {key: template}` sections; `default: ''`/`false` disables the default. */
export type FileTemplatesConfig = Readonly<Record<string, string | false | null | Readonly<Record<string, string>>>>;

const DATAID_KEY = /^([a-z_]+)<(.*)>$/;

function keyId(key: LookupKey): string {
  const base = key.dimensions ? `dims:${key.dimensions.join('+')}` : `name:${key.name ?? ''}`;
  const q = key.dataId ? Object.entries(key.dataId).sort().map(([k, v]) => `${k}=${v}`).join(',') : '';
  return q ? `${base}|${q}` : base;
}

/** Human-readable form of a lookup key (daf_butler `str(LookupKey)`). */
export function lookupKeyToString(key: LookupKey): string {
  const base = key.dimensions ? key.dimensions.join('+') : (key.name ?? '');
  return key.dataId ? `${base} (${JSON.stringify(key.dataId)})` : base;
}

/**
 * daf_butler's `FileTemplates`: templates by lookup key with daf_butler's priority — for a dataset
 * whose data ID has an instrument, the `instrument<NAME>`-qualified keys first; then full dataset
 * type name, parent name (components), dimension set (`a+b+c`, compared after expanding to the full
 * group), storage class, parent storage class (components); finally `default`.
 */
export class FileTemplates {
  /** The default template, unless disabled. */
  readonly default: FileTemplate | undefined;
  private readonly byKey = new Map<string, { key: LookupKey; template: FileTemplate }>();
  private readonly conform: DimensionConformer;
  /** {@link FileTemplates.getTemplateWithMatch} results by what the lookup depends on (the templates never change). */
  private readonly matches = new BoundedMap<string, { key: LookupKey | 'default'; template: FileTemplate }>(10_000);

  /**
   * @param config - templates; default is the pinned daf_butler's {@link DEFAULT_FILE_TEMPLATES}.
   * @param conform - expands dimension names to their full group (needed for `a+b+c` keys to match
   *   dataset types that name only some of them); default keeps names as given.
   * @throws FileTemplateError for an invalid template or configuration entry.
   */
  constructor(config: FileTemplatesConfig = DEFAULT_FILE_TEMPLATES, conform: DimensionConformer = (n) => n) {
    this.conform = conform;
    let defaultText: string | undefined;
    for (const [name, value] of Object.entries(config)) {
      if (value !== null && typeof value === 'object') {
        const m = DATAID_KEY.exec(name);
        if (!m) throw new FileTemplateError('', `Hierarchical file template key '${name}' not in form 'key<value>'`);
        for (const [sub, text] of Object.entries(value)) this.add(this.makeKey(sub, { [m[1] as string]: m[2] as string }), text);
      } else if (name === 'default') {
        if (value !== false && value !== null && value !== '') defaultText = value;
      } else {
        if (typeof value !== 'string') throw new FileTemplateError('', `Unexpected value in file template key ${name}: ${String(value)}`);
        this.add(this.makeKey(name), value);
      }
    }
    this.default = defaultText !== undefined ? new FileTemplate(defaultText) : undefined;
  }

  private makeKey(name: string, dataId?: Record<string, string>): LookupKey {
    const base: LookupKey = name.includes('+') ? { dimensions: this.dims(name.split('+').filter((n) => n)) } : { name };
    return dataId ? { ...base, dataId } : base;
  }

  private dims(names: readonly string[]): string[] {
    return [...new Set(this.conform(names))].sort();
  }

  private add(key: LookupKey, text: string): void {
    this.byKey.set(keyId(key), { key, template: new FileTemplate(text) });
  }

  /** All configured keys (not `default`). */
  lookupKeys(): LookupKey[] {
    return [...this.byKey.values()].map((e) => e.key);
  }

  /** Lookup keys of a dataset type in priority order (daf_butler `DatasetType._lookupNames`). */
  lookupNames(datasetType: TemplateDatasetType, instrument?: string): LookupKey[] {
    const [root, component] = splitDatasetTypeName(datasetType.name);
    const keys: LookupKey[] = [{ name: datasetType.name }];
    if (component !== undefined) keys.push({ name: root });
    if (datasetType.dimensions.names.length > 0 || datasetType.dimensions.required.length > 0) {
      keys.push({ dimensions: this.dims(datasetType.dimensions.names.length > 0 ? datasetType.dimensions.names : datasetType.dimensions.required) });
    }
    keys.push({ name: datasetType.storageClass });
    if (component !== undefined && datasetType.parentStorageClass !== undefined) keys.push({ name: datasetType.parentStorageClass });
    if (instrument === undefined) return keys;
    return [...keys.map((k) => ({ ...k, dataId: { instrument } })), ...keys];
  }

  /**
   * The template for a dataset ref (instrument-qualified keys apply) or dataset type, and the key that matched.
   * @throws FileTemplateError when nothing matches and there is no default.
   */
  getTemplateWithMatch(entity: TemplateRef | TemplateDatasetType): { key: LookupKey | 'default'; template: FileTemplate } {
    const isRef = 'datasetType' in entity;
    const datasetType = isRef ? entity.datasetType : entity;
    const instrument = isRef && entity.dataId.instrument !== undefined ? String(entity.dataId.instrument) : undefined;
    const memoKey = [
      datasetType.name,
      datasetType.storageClass,
      datasetType.parentStorageClass ?? '',
      datasetType.dimensions.names.join(','),
      datasetType.dimensions.required.join(','),
      instrument === undefined ? '' : `i:${instrument}`,
    ].join('\0');
    const known = this.matches.get(memoKey);
    if (known) return known;
    let match: { key: LookupKey | 'default'; template: FileTemplate } | undefined;
    for (const key of this.lookupNames(datasetType, instrument)) {
      const hit = this.byKey.get(keyId(key));
      if (hit) {
        match = { key: hit.key, template: hit.template };
        break;
      }
    }
    if (!match && this.default) match = { key: 'default', template: this.default };
    if (match) {
      this.matches.set(memoKey, match);
      return match;
    }
    throw new FileTemplateError('', `Unable to determine file template from supplied argument [${datasetType.name}]`);
  }

  /** The template for a dataset ref or dataset type. @throws FileTemplateError when none matches. */
  getTemplate(entity: TemplateRef | TemplateDatasetType): FileTemplate {
    return this.getTemplateWithMatch(entity).template;
  }

  /** Formats the datastore path (no extension) of `ref` with its template. @throws FileTemplateError */
  format(ref: TemplateRef): string {
    return this.getTemplate(ref).format(ref);
  }

  /**
   * Validates the matching template of every dataset type; collects all failures and raises once
   * (`"N template validation failures: …"`), as daf_butler's `validateTemplates`.
   * @throws FileTemplateError listing every failure.
   */
  validateTemplates(entities: Iterable<TemplateDatasetType>): void {
    const failed: string[] = [];
    for (const entity of entities) {
      let match: ReturnType<FileTemplates['getTemplateWithMatch']>;
      try {
        match = this.getTemplateWithMatch(entity);
      } catch (e) {
        failed.push((e as Error).message);
        continue;
      }
      try {
        match.template.validate(entity);
      } catch (e) {
        failed.push(`${(e as Error).message} (via key '${match.key === 'default' ? 'default' : lookupKeyToString(match.key)}')`);
      }
    }
    if (failed.length === 1) throw new FileTemplateError('', failed[0] as string);
    if (failed.length > 1) throw new FileTemplateError('', `${failed.length} template validation failures: ${failed.join(';\n')}`);
  }
}
