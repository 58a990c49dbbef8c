/**
 * `JSON.stringify(value, null, 2)` written in pieces, for documents too large to hold as one string
 * (a million-dataset conversion report is ~440 MB of JSON, near V8's string length limit).
 */

/** Text handed to the writer per call. */
const CHUNK = 1 << 20;

const indented = (json: string, pad: string): string => json.replace(/\n/g, `\n${pad}`);

/**
 * The text of `JSON.stringify(value, null, 2)`, in pieces: for an object, each top-level key and
 * each element of a top-level array is serialised on its own (what lies inside them as usual).
 * The pieces joined are exactly the `JSON.stringify` text.
 */
export function* prettyJsonPieces(value: unknown): Generator<string, void, undefined> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(value, null, 2);
    if (text !== undefined) yield text;
    return;
  }
  const record = value as Readonly<Record<string, unknown>>;
  const keys = Object.keys(record).filter((k) => {
    const v = record[k];
    return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
  });
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (const [k, key] of keys.entries()) {
    const v = record[key];
    yield `  ${JSON.stringify(key)}: `;
    if (Array.isArray(v) && v.length > 0) {
      yield '[\n';
      for (let i = 0; i < v.length; i++) yield `    ${indented(JSON.stringify(v[i], null, 2) ?? 'null', '    ')}${i + 1 < v.length ? ',' : ''}\n`;
      yield '  ]';
    } else yield indented(JSON.stringify(v, null, 2), '  ');
    yield k + 1 < keys.length ? ',\n' : '\n}';
  }
}

/**
 * Writes `JSON.stringify(value, null, 2) + "\n"` through `write` in chunks of about 1 MiB (a chunk
 * ends after the piece that reached the size), never holding the whole text.
 */
export function writePrettyJson(value: unknown, write: (text: string) => void): void {
  let pending = '';
  for (const piece of prettyJsonPieces(value)) {
    pending += piece;
    if (pending.length >= CHUNK) {
      write(pending);
      pending = '';
    }
  }
  write(`${pending}\n`);
}
