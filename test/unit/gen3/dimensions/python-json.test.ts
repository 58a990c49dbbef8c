import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from '../../../../src/gen3/dimensions/index.js';

// Expected strings are what Python 3.11's json.dumps(value) prints.
describe('pythonJsonDumps', () => {
  it('uses Python separators and keeps key order', () => {
    expect(pythonJsonDumps({ b: 1, a: [true, false, null], c: { d: 'x' } })).toBe('{"b": 1, "a": [true, false, null], "c": {"d": "x"}}');
    expect(pythonJsonDumps([])).toBe('[]');
    expect(pythonJsonDumps({})).toBe('{}');
  });

  it('escapes like ensure_ascii=True', () => {
    expect(pythonJsonDumps('a"b\\c\nd\te\u0001é€😀\u007f')).toBe('"a\\"b\\\\c\\nd\\te\\u0001\\u00e9\\u20ac\\ud83d\\ude00\u007f"');
  });

  it('writes floats as Python repr', () => {
    expect(pythonJsonDumps(1.5)).toBe('1.5');
    expect(pythonJsonDumps(1e-7)).toBe('1e-07');
    expect(pythonJsonDumps(1e22)).toBe('1e+22');
  });
});
