import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { FileAccessError } from '../errors.js';
import { TrackingInputError } from './errors.js';

/**
 * Reads a YAML (or JSON, which is YAML) tracking document.
 * @throws FileAccessError when unreadable; TrackingInputError naming the file and line on a syntax error.
 */
export async function readDocument(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new FileAccessError(file, 'cannot read tracking file', { cause: err });
  }
  return parseDocumentText(text, file);
}

/** Parses YAML/JSON text; syntax errors become a {@link TrackingInputError} naming `file` and the line. */
export function parseDocumentText(text: string, file: string): unknown {
  try {
    return parseYaml(text, { schema: 'core' });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      throw new TrackingInputError([`${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML/JSON: ${err.message.split('\n')[0]}`], { cause: err });
    }
    throw err;
  }
}
