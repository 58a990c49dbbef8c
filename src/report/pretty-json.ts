/**
 * `JSON.stringify(value, replacer, 2)` written in pieces, for documents too large to hold as one
 * string (a million-dataset conversion report is ~440 MB of JSON, near V8's string length limit).
 */

/** Text handed to the writer per call. */
const CHUNK = 1 << 20;

/**
 * Maps each value before it is written, whatever its key (e.g. bigints to numbers): the
 * `JSON.stringify` replacer `(key, value) => mapValue(value)`. It maps leaves: objects and arrays
 * must come back unchanged.
 */
export type JsonValueMapper = (value: unknown) => unknown;

const indented = (json: string, pad: string): string => json.replace(/\n/g, `\n${pad}`);

/** Whether JSON.stringify replaces `v` by what its `toJSON(key)` returns. */
function hasToJSON(v: unknown): v is { toJSON(key: string): unknown } {
  return typeof (v as { toJSON?: unknown } | null | undefined)?.toJSON === 'function';
}

/**
 * The text of `JSON.stringify(value, (k, v) => mapValue(v), 2)`, in pieces: each key of a top-level
 * object, each element of a top-level array and each element of an array under a top-level key is
 * serialised on its own (what lies inside them as usual). The pieces joined are exactly that text.
 */
export function* prettyJsonPieces(value: unknown, mapValue?: JsonValueMapper): Generator<string, void, undefined> {
  const replacer = mapValue ? (_key: string, v: unknown): unknown => mapValue(v) : undefined;
  const stringify = (v: unknown): string | undefined => JSON.stringify(v, replacer, 2) as string | undefined;
  /** The elements of `list`, one per piece, each line indented by `pad` more. */
  function* elements(list: readonly unknown[], pad: string): Generator<string, void, undefined> {
    for (let i = 0; i < list.length; i++) yield `${pad}  ${indented(stringify(list[i]) ?? 'null', `${pad}  `)}${i + 1 < list.length ? ',' : ''}\n`;
  }
  if (value === null || typeof value !== 'object' || hasToJSON(value)) {
    const text = stringify(value);
    if (text !== undefined) yield text;
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    yield* elements(value, '');
    yield ']';
    return;
  }
  const record = value as Readonly<Record<string, unknown>>;
  // the keys JSON.stringify keeps: those whose mapped value is not undefined, a function or a symbol
  const entries = Object.keys(record).flatMap((k): [string, unknown][] => {
    const v = record[k];
    const own = hasToJSON(v) ? v.toJSON(k) : v;
    const mapped = mapValue ? mapValue(own) : own;
    return mapped === undefined || typeof mapped === 'function' || typeof mapped === 'symbol' ? [] : [[k, v]];
  });
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (const [k, [key, v]] of entries.entries()) {
    yield `  ${JSON.stringify(key)}: `;
    if (Array.isArray(v) && v.length > 0 && !hasToJSON(v)) {
      yield '[\n';
      yield* elements(v, '  ');
      yield '  ]';
    } else yield indented(stringify(v) ?? 'null', '  ');
    yield k + 1 < entries.length ? ',\n' : '\n}';
  }
}

/**
 * Writes `JSON.stringify(value, (k, v) => mapValue(v), 2) + "\n"` through `write` in chunks of about
 * 1 MiB (a chunk ends after the piece that reached the size), never holding the whole text.
 */
export function writePrettyJson(value: unknown, write: (text: string) => void, mapValue?: JsonValueMapper): void {
  let pending = '';
  for (const piece of prettyJsonPieces(value, mapValue)) {
    pending += piece;
    if (pending.length >= CHUNK) {
      write(pending);
      pending = '';
    }
  }
  write(`${pending}\n`);
}
