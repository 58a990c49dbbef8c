import type { ExportItem, ParsedExport } from './export-model.js';
import { ExportFormatError } from './errors.js';
import { ITEM_SCHEMAS, documentHeader, type RawItem, type RawItemType } from './export-schema.js';
import { checkFormatVersion } from './export-version.js';
import { MigrationLog, normaliseItem } from './normalise-export.js';
import { pendingUniverseMigrations } from './universe-migrations.js';
import { joinPath, readYamlTree } from './yaml-tree.js';

const DESCRIPTION = 'Butler Data Repository Export';

function issuePath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((at, k) => joinPath(at, typeof k === 'number' ? k : String(k)), base);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Parses a daf_butler export document (`export.yaml`) of format 0, 1.0.0, 1.0.1 or 1.0.2 into the
 * 1.0.2 model, migrating older spellings as daf_butler's importer does (integer dataset ids → UUIDs,
 * `run` items → RUN collections, scalar ids → lists, `{begin, end}` validity ranges → timespans,
 * native timestamps → TAI times, missing universe version → 0). Records are not migrated to the
 * current universe; see {@link migrateDimensionRecords} and `origin.pendingUniverseMigrations`.
 *
 * @param text - the YAML text.
 * @param file - the name used in error messages.
 * @returns the normalised document and what was found about the file.
 * @throws ExportFormatError listing every problem (`data[12].records[3].dataset_id: expected a UUID`).
 * @example
 * const { document } = parseExport(readFileSync('export.yaml', 'utf8'), 'export.yaml');
 */
export function parseExport(text: string, file: string): ParsedExport {
  const tree = readYamlTree(text);
  if (tree.syntaxError) throw new ExportFormatError(file, tree.issues);
  const issues = [...tree.issues];
  const top = tree.value;
  if (!isPlainObject(top)) throw new ExportFormatError(file, [...issues, 'expected a mapping with description, version and data']);
  if (!('version' in top)) issues.push('version: missing (expected e.g. 1.0.2)');
  const version = checkFormatVersion(top.version);
  if ('problem' in version && 'version' in top) throw new ExportFormatError(file, [`version: ${version.problem}`]);
  const header = documentHeader.safeParse(top);
  if (!header.success) {
    for (const i of header.error.issues) issues.push(`${issuePath('', i.path)}: ${i.message}`);
    throw new ExportFormatError(file, issues);
  }
  const log = new MigrationLog();
  const data: ExportItem[] = [];
  header.data.data.forEach((raw, index) => {
    const at = joinPath('data', index);
    if (!isPlainObject(raw)) {
      issues.push(`${at}: expected a mapping with a type`);
      return;
    }
    const type = raw.type;
    if (typeof type !== 'string' || !(type in ITEM_SCHEMAS)) {
      issues.push(`${at}.type: unknown item type ${JSON.stringify(typeof type === 'bigint' ? String(type) : type)} (expected one of ${Object.keys(ITEM_SCHEMAS).join(', ')})`);
      return;
    }
    const result = ITEM_SCHEMAS[type as RawItemType].safeParse(raw);
    if (!result.success) {
      for (const i of result.error.issues) issues.push(`${issuePath(at, i.path)}: ${i.message}`);
      return;
    }
    data.push(normaliseItem(result.data as RawItem, log));
  });
  if (issues.length > 0 || 'problem' in version) throw new ExportFormatError(file, issues);
  if (header.data.description !== undefined && header.data.description !== DESCRIPTION) {
    log.note(`description '${header.data.description}' kept as written (daf_butler writes '${DESCRIPTION}')`);
  }
  const universeVersionGiven = header.data.universe_version !== undefined;
  if (!universeVersionGiven) log.note('no universe_version: universe 0 (namespace daf_butler) assumed, as daf_butler does');
  const document = {
    description: header.data.description ?? DESCRIPTION,
    universeVersion: Number(header.data.universe_version ?? 0n),
    universeNamespace: header.data.universe_namespace ?? 'daf_butler',
    data,
  };
  return {
    document,
    origin: {
      file,
      formatVersion: version.text,
      universeVersionGiven,
      formatMigrations: log.messages,
      pendingUniverseMigrations: pendingUniverseMigrations(document),
    },
  };
}
