import path from 'node:path';

const UNRESERVED = /[A-Za-z0-9_.\-~/]/;

/**
 * `file://` URI of an absolute local path as lsst-resources writes it (`str(ResourcePath(path))`):
 * `urllib.parse.quote` of the path (UTF-8, everything but `A-Za-z0-9_.-~/` percent-encoded).
 */
export function fileUri(absolutePath: string): string {
  const normal = path.posix.normalize(absolutePath);
  let out = '';
  for (const ch of normal) {
    if (UNRESERVED.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `file://${out}`;
}

/** Local path of a `file://` URI (percent-decoded); `undefined` for anything else. */
export function fileUriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file://')) return undefined;
  return decodeURIComponent(uri.slice('file://'.length).replace(/#.*$/, ''));
}

const COMPRESSION = new Set(['.gz', '.bz2', '.xz', '.fz']);

/**
 * Extension of a file name as lsst-resources `getExtension` finds it: the last `.suffix`, or the
 * last two when the last is a compression suffix (`.fits.gz`); `''` when there is none.
 */
export function fileExtension(filePath: string): string {
  const base = filePath.replace(/\/+$/, '').split('/').pop() ?? '';
  const [, ...exts] = base.split('.');
  if (exts.length === 0) return '';
  const last = `.${exts[exts.length - 1] as string}`;
  return exts.length > 1 && COMPRESSION.has(last) ? `.${exts[exts.length - 2] as string}${last}` : last;
}

/**
 * The POSIX path of `filePath` relative to the datastore root when it lies inside it (textually,
 * like `ResourcePath.relative_to`: no symlink resolution), else `undefined`. Relative inputs are
 * taken relative to the root.
 */
export function pathInRoot(root: string, filePath: string): string | undefined {
  const absRoot = path.posix.resolve(root);
  const abs = path.posix.resolve(absRoot, filePath);
  if (abs === absRoot) return undefined;
  const prefix = absRoot.endsWith('/') ? absRoot : `${absRoot}/`;
  return abs.startsWith(prefix) ? abs.slice(prefix.length) : undefined;
}
