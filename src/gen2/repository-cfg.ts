import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { isErrnoError } from '../errors.js';
import { Gen2RepositoryError } from './errors.js';

/** A Python tag met while reading a `repositoryCfg.yaml`: recorded, never acted upon. */
export interface PythonTag {
  /** Dotted key path inside the file, e.g. `_parents.0._mapper`. */
  path: string;
  /** The full tag, e.g. `tag:yaml.org,2002:python/object/apply:os.system`. */
  tag: string;
  /** True for tags outside the inert set daf_persistence itself writes (`python/name`, `python/object` on Policy). */
  unexpected: boolean;
}

/** A parsed `repositoryCfg.yaml` (or a cfg nested in another one's `_parents`), as inert data. */
export interface RepositoryCfg {
  /** The file this cfg was read from. */
  file: string;
  /** `_root`: null when the file lives at its own root. */
  root: string | null;
  /** `_mapper` as a dotted Python name, or null. */
  mapper: string | null;
  /** `_mapperArgs` (e.g. `{calibRoot: ...}`), null when absent. */
  mapperArgs: Record<string, unknown> | null;
  /** `_parents`: path strings or nested cfgs (v1 parents), in search order. */
  parents: (string | RepositoryCfg)[];
  /** `_policy.data`, the per-repository policy override, or null. */
  policy: Record<string, unknown> | null;
  /** Python tags found anywhere in the document. */
  pythonTags: PythonTag[];
}

const PY_PREFIX = 'tag:yaml.org,2002:python/';
const CFG_TAG = '!RepositoryCfg_v1';
const INERT_OBJECT_TAGS = new Set([`${PY_PREFIX}object:lsst.daf.persistence.policy.Policy`]);

/** A tagged node turned into data: `{$tag, value}`. */
interface Tagged {
  $tag: string;
  value: unknown;
}

function isTagged(v: unknown): v is Tagged {
  return typeof v === 'object' && v !== null && '$tag' in v;
}

function toData(node: unknown, doc: Document, path: string, tags: PythonTag[], seen: Set<unknown>): unknown {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined || seen.has(target)) return null;
    return toData(target, doc, path, tags, new Set([...seen, target]));
  }
  let value: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      out[key] = toData(pair.value, doc, path ? `${path}.${key}` : key, tags, seen);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item, i) => toData(item, doc, path ? `${path}.${i}` : String(i), tags, seen));
  } else if (isScalar(node)) {
    value = node.value;
  } else {
    value = node ?? null;
  }
  const tag = (node as Node | undefined)?.tag;
  if (tag && tag !== CFG_TAG && !tag.startsWith('tag:yaml.org,2002:str') && !tag.startsWith('tag:yaml.org,2002:map') && !tag.startsWith('tag:yaml.org,2002:seq')) {
    const inert = tag.startsWith(`${PY_PREFIX}name:`) || INERT_OBJECT_TAGS.has(tag);
    if (tag.startsWith(PY_PREFIX) || !inert) tags.push({ path, tag, unexpected: !inert });
    return { $tag: tag, value } satisfies Tagged;
  }
  return value;
}

function fail(file: string, message: string, cause?: unknown): never {
  throw new Gen2RepositoryError(file, message, cause === undefined ? undefined : { cause });
}

function mapperName(v: unknown, file: string, path: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim();
  if (isTagged(v) && v.$tag.startsWith(`${PY_PREFIX}name:`)) return v.$tag.slice(`${PY_PREFIX}name:`.length);
  if (isTagged(v)) return fail(file, `${path}: unexpected tag ${v.$tag} for a mapper; expected !!python/name:<class>`);
  return fail(file, `${path}: expected a mapper class name`);
}

function toCfg(data: unknown, file: string, path: string, tags: PythonTag[]): RepositoryCfg {
  const body = isTagged(data) ? data.value : data;
  if (isTagged(data) && data.$tag !== CFG_TAG) fail(file, `${path || 'document'}: unexpected tag ${data.$tag}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return fail(file, `${path || 'document'}: expected a !RepositoryCfg_v1 mapping`);
  }
  const m = body as Record<string, unknown>;
  const at = (k: string) => (path ? `${path}.${k}` : k);
  for (const key of ['_root', '_mapper', '_mapperArgs', '_parents']) {
    if (!(key in m)) fail(file, `${at(key)}: required key is missing`);
  }
  const root = m._root;
  if (root !== null && typeof root !== 'string') fail(file, `${at('_root')}: expected a path or null`);
  const mapperArgs = m._mapperArgs;
  if (mapperArgs !== null && (typeof mapperArgs !== 'object' || Array.isArray(mapperArgs))) {
    fail(file, `${at('_mapperArgs')}: expected a mapping or null`);
  }
  const rawParents = m._parents ?? [];
  if (!Array.isArray(rawParents)) fail(file, `${at('_parents')}: expected a sequence`);
  const parents = rawParents.map((p: unknown, i: number): string | RepositoryCfg => {
    if (typeof p === 'string') return p;
    return toCfg(p, file, `${at('_parents')}.${i}`, []);
  });
  let policy: Record<string, unknown> | null = null;
  const rawPolicy = m._policy;
  if (rawPolicy !== null && rawPolicy !== undefined) {
    const inner = isTagged(rawPolicy) ? rawPolicy.value : rawPolicy;
    const data = typeof inner === 'object' && inner !== null && 'data' in inner ? (inner as { data: unknown }).data : inner;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(file, `${at('_policy')}: expected a Policy with a data mapping`);
    policy = data as Record<string, unknown>;
  }
  return {
    file,
    root: root as string | null,
    mapper: mapperName(m._mapper, file, at('_mapper')),
    mapperArgs: mapperArgs as Record<string, unknown> | null,
    parents,
    policy,
    pythonTags: tags,
  };
}

/**
 * Parses the text of a `repositoryCfg.yaml`. Custom and Python tags are kept as inert data:
 * nothing is ever constructed or called; unexpected Python tags are listed in `pythonTags`.
 * @throws Gen2RepositoryError naming the file on malformed YAML or a missing required key.
 */
export function parseRepositoryCfg(text: string, file: string): RepositoryCfg {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, strict: false });
  const error = doc.errors[0];
  if (error) fail(file, `malformed YAML: ${error.message}`, error);
  const tags: PythonTag[] = [];
  const data = toData(doc.contents, doc, '', tags, new Set());
  return toCfg(data, file, '', tags);
}

/** Reads and parses `file`; see {@link parseRepositoryCfg}. */
export async function readRepositoryCfg(file: string): Promise<RepositoryCfg> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return fail(file, isErrnoError(err, 'ENOENT') ? 'file not found' : 'cannot read file', err);
  }
  return parseRepositoryCfg(text, file);
}
