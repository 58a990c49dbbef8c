import { describe, expect, it } from 'vitest';
import { deepCopy, isPlainMap, policyMerge, policyUpdate } from '../../../../src/gen2/policy/index.js';

describe('Policy.update / Policy.merge semantics', () => {
  it('update: the second argument wins, mappings merge recursively, lists and scalars replace', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x', keep: true };
    const over = { a: { c: [3], e: 2 }, d: 'y', added: { f: 1 } };
    expect(policyUpdate(base, over)).toEqual({ a: { b: 1, c: [3], e: 2 }, d: 'y', keep: true, added: { f: 1 } });
    expect(Object.keys(policyUpdate(base, over))).toEqual(['a', 'd', 'keep', 'added']);
  });

  it('merge: the first argument wins, keys only in the second are added (first occurrence wins)', () => {
    const camera = { calibrations: { bias: { obsTimeName: 'dayObs', template: 'bias/latiss.fits' } } };
    const lsstCam = { calibrations: { bias: { obsTimeName: 'dateObs', template: 'bias/lsstcam.fits', tables: 'bias' } }, needCalibRegistry: true };
    expect(policyMerge(camera, lsstCam)).toEqual({
      calibrations: { bias: { obsTimeName: 'dayObs', template: 'bias/latiss.fits', tables: 'bias' } },
      needCalibRegistry: true,
    });
    // Python order: deepcopy(other).update(self) → the other's keys first
    expect(Object.keys(policyMerge({ z: 1, a: 1 }, { a: 2, b: 2 }))).toEqual(['a', 'b', 'z']);
  });

  it('a mapping replaces a scalar and a scalar replaces a mapping on the winning side', () => {
    expect(policyUpdate({ a: 'scalar' }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(policyUpdate({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
    expect(policyMerge({ a: { b: 1 } }, { a: 'scalar' })).toEqual({ a: { b: 1 } });
  });

  it('never mutates its inputs and never shares nested containers', () => {
    const base = { a: { b: [1] } };
    const over = { a: { c: { d: 1 } } };
    const out = policyUpdate(base, over);
    (out.a as { b: number[] }).b.push(2);
    ((out.a as { c: { d: number } }).c).d = 5;
    expect(base).toEqual({ a: { b: [1] } });
    expect(over).toEqual({ a: { c: { d: 1 } } });
  });

  it('treats a __proto__ key as data, not as the prototype', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const out = policyUpdate({}, evil);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
    const copy = deepCopy(evil);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('recognises plain mappings only', () => {
    expect(isPlainMap({})).toBe(true);
    expect(isPlainMap(Object.create(null))).toBe(true);
    expect(isPlainMap([])).toBe(false);
    expect(isPlainMap(null)).toBe(false);
    expect(isPlainMap(new Date(0))).toBe(false);
  });
});
