import { describe, expect, it } from 'vitest';
import { prettyJsonPieces, writePrettyJson } from '../../../src/report/pretty-json.js';

const shapes: [string, unknown][] = [
  ['an empty object', {}],
  ['an object whose values are all skipped', { a: undefined, f: () => 1 }],
  ['scalars, nested objects and arrays, empty arrays', { n: 1, s: 'é "q"\n', b: false, z: null, o: { x: [1, { y: [] }] }, e: [], list: [{ a: 1 }, [2, 3], 'x', null] }],
  ['array elements that JSON writes as null', { list: [undefined, () => 1, 4] }],
  ['undefined, function and symbol values among the keys', { a: 1, u: undefined, f: () => 2, s: Symbol('x'), b: [1] }],
  ['a top-level array', [1, { a: [2] }]],
  ['a top-level scalar', 'text'],
  ['a value with toJSON', { toJSON: () => ({ replaced: true }) }],
  ['a Date inside an element', { when: [new Date(0)] }],
];

describe('prettyJsonPieces / writePrettyJson', () => {
  it.each(shapes)('joins to exactly JSON.stringify(value, null, 2): %s', (_, value) => {
    expect([...prettyJsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
    const written: string[] = [];
    writePrettyJson(value, (t) => written.push(t));
    expect(written.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it('writes a large document in chunks of about 1 MiB, never as one string', () => {
    const element = { path: 'x'.repeat(900), id: 0 };
    const doc = { head: 1, list: Array.from({ length: 5000 }, (_, i) => ({ ...element, id: i })), tail: 'end' };
    const chunks: string[] = [];
    writePrettyJson(doc, (t) => chunks.push(t));
    expect(chunks.join('')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    expect(chunks.length).toBeGreaterThan(3);
    // A chunk ends after the piece that reached 1 MiB: at most one element (~1 KB) beyond.
    for (const c of chunks) expect(c.length).toBeLessThan((1 << 20) + 2000);
  });
});
