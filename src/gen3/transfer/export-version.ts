/** A parsed `major.minor.patch` export format version. */
export interface FormatVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** The newest format this code reads and the one it writes (daf_butler `EXPORT_FORMAT_VERSION`). */
export const CURRENT_FORMAT: FormatVersion = { major: 1, minor: 0, patch: 2 };

/**
 * Checks a `version` value as daf_butler's importer does: `0` is read as 1.0.0; otherwise the major
 * must be 1 and the minor not newer than 0 (any patch). Returns the version or a problem message.
 */
export function checkFormatVersion(value: unknown): { version: FormatVersion; text: string } | { problem: string } {
  if (value === 0n) return { version: { major: 1, minor: 0, patch: 0 }, text: '0' };
  if (typeof value !== 'string') {
    return { problem: `expected a version string like '1.0.2' (or 0), got ${typeof value === 'bigint' || typeof value === 'number' ? String(value) : typeof value}` };
  }
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(value.trim());
  if (!m) return { problem: `'${value}' is not a version 'major.minor.patch'` };
  const version = { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
  const supported = `gen2to3 reads export format 0 and ${CURRENT_FORMAT.major}.0.0 up to ${CURRENT_FORMAT.major}.${CURRENT_FORMAT.minor}.x`;
  if (version.major !== CURRENT_FORMAT.major) return { problem: `unsupported export format version ${value} (major ${version.major}); ${supported}` };
  if (version.minor > CURRENT_FORMAT.minor) return { problem: `unsupported export format version ${value} (newer minor version); ${supported}` };
  return { version, text: value.trim() };
}
