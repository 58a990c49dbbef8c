/** `"0"`, `"1"`, … (canonical array indices) → the number; anything else → -1. */
function indexOf(key: string | symbol): number {
  if (typeof key !== 'string' || key === '' || key.length > 10) return -1;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && String(n) === key ? n : -1;
}

/**
 * A read-only array of `length` items made on each read by `at(i)`: for lists of a million entries
 * whose items can be rebuilt from data kept anyway (the conversion report's `converted` from the
 * plan). It is an `Array` to `Array.isArray`, `JSON.stringify` (same text as the materialised
 * array), iteration, spread and the array methods; writes throw a TypeError.
 */
export function lazyList<T>(length: number, at: (index: number) => T): readonly T[] {
  const readOnly = (): never => {
    throw new TypeError('a lazy list is read-only');
  };
  return new Proxy<T[]>([], {
    get(target, key, receiver) {
      if (key === 'length') return length;
      const i = indexOf(key);
      if (i >= 0) return i < length ? at(i) : undefined;
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      const i = indexOf(key);
      return i >= 0 ? i < length : Reflect.has(target, key);
    },
    ownKeys(target) {
      return [...Array.from({ length }, (_, i) => String(i)), ...Reflect.ownKeys(target)];
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexOf(key);
      if (i >= 0) return i < length ? { value: at(i), writable: false, enumerable: true, configurable: true } : undefined;
      if (key === 'length') return { value: length, writable: true, enumerable: false, configurable: false };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    set: readOnly,
    defineProperty: readOnly,
    deleteProperty: readOnly,
  });
}
