/** Element types of binary-table columns (`TFORMn`). */
export type BinaryType = 'L' | 'X' | 'B' | 'I' | 'J' | 'K' | 'A' | 'E' | 'D' | 'C' | 'M';

/** A parsed binary-table `TFORMn`: `rT` for fixed-width fields, `rPt(emax)` / `rQt(emax)` for variable-length arrays. */
export interface BinaryFormat {
  /** Elements per row (bits for `X`, characters for `A`); 0 or 1 descriptors for `P`/`Q`. */
  readonly repeat: number;
  /** The element type (for `P`/`Q`, the type of the array elements in the heap). */
  readonly type: BinaryType;
  /** Present for variable-length arrays: the descriptor size, `P` (2 × 32-bit) or `Q` (2 × 64-bit). */
  readonly descriptor?: 'P' | 'Q';
  /** The `(emax)` of a variable-length array format. */
  readonly maxLength?: number;
  /** Bytes the field takes in each row. */
  readonly width: number;
}

/** Bytes per element of each type (`X` is counted in bits, see {@link elementBytes}). */
export const ELEMENT_SIZE: Readonly<Record<BinaryType, number>> = { L: 1, X: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16 };

const FIXED = /^\s*(\d*)([LXBIJKAEDCM])([!-~]*)\s*$/;
const VARIABLE = /^\s*(\d*)([PQ])([LXBIJKAEDCM])(?:\((\d+)\))?\s*$/;

/** Bytes taken by `count` elements of `type`. */
export function elementBytes(type: BinaryType, count: number): number {
  return type === 'X' ? Math.ceil(count / 8) : count * ELEMENT_SIZE[type];
}

/** Parses a binary-table `TFORMn` value; undefined when it is not one. */
export function parseBinaryFormat(tform: string): BinaryFormat | undefined {
  const variable = VARIABLE.exec(tform);
  if (variable) {
    const repeat = variable[1] === '' ? 1 : Number(variable[1]);
    const descriptor = variable[2] as 'P' | 'Q';
    if (!Number.isSafeInteger(repeat) || repeat > 1) return undefined;
    return {
      repeat,
      type: variable[3] as BinaryType,
      descriptor,
      ...(variable[4] === undefined ? {} : { maxLength: Number(variable[4]) }),
      width: repeat * (descriptor === 'P' ? 8 : 16),
    };
  }
  const fixed = FIXED.exec(tform);
  if (!fixed) return undefined;
  const repeat = fixed[1] === '' ? 1 : Number(fixed[1]);
  if (!Number.isSafeInteger(repeat)) return undefined;
  const type = fixed[2] as BinaryType;
  return { repeat, type, width: elementBytes(type, repeat) };
}

/** The `TFORMn` text of a format (`1J`, `64A`, `1PB(107)`). */
export function formatBinaryFormat(format: BinaryFormat): string {
  if (format.descriptor) return `${format.repeat}${format.descriptor}${format.type}${format.maxLength === undefined ? '' : `(${format.maxLength})`}`;
  return `${format.repeat}${format.type}`;
}
