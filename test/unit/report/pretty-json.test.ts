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
  ['a value whose toJSON gives undefined', { gone: { toJSON: () => undefined }, kept: 1 }],
  ['an empty top-level array', []],
];

/** A leaf mapper like the butler CLI's: bigints to numbers (or text), a marker value removed. */
const mapBigints = (v: unknown): unknown => (typeof v === 'bigint' ? (v < 1000n ? Number(v) : v.toString()) : v === 'drop' ? undefined : v);
const mapped: [string, unknown][] = [
  ['bigints at the top, in elements and nested', { n: 5n, big: 10n ** 20n, list: [1n, { x: [2n, 'drop'] }], o: { y: 3n, d: 'drop' }, d: 'drop' }],
  ['a top-level array of rows', [{ id: 1n, v: 'a' }, { id: 2000n, v: 'drop' }]],
  ['a top-level bigint', 7n],
];

describe('prettyJsonPieces / writePrettyJson', () => {
  it.each(shapes)('joins to exactly JSON.stringify(value, null, 2): %s', (_, value) => {
    expect([...prettyJsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
    const written: string[] = [];
    writePrettyJson(value, (t) => written.push(t));
    expect(written.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it.each(mapped)('with a value mapper, joins to exactly JSON.stringify(value, (k, v) => map(v), 2): %s', (_, value) => {
    const written: string[] = [];
    writePrettyJson(value, (t) => written.push(t), mapBigints);
    expect(written.join('')).toBe(`${JSON.stringify(value, (_k, v: unknown) => mapBigints(v), 2)}\n`);
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
    // a top-level array is written element by element as well
    const rows: string[] = [];
    writePrettyJson(doc.list, (t) => rows.push(t));
    expect(rows.join('')).toBe(`${JSON.stringify(doc.list, null, 2)}\n`);
    expect(rows.length).toBeGreaterThan(3);
  });
});
