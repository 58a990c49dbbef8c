import type { TemplateElement } from '../templates/template.js';
import type { WalkTargetSpec } from './walk-rules.js';

/** Tests one path element (a basename) against one template element. */
export type ElementTest = (name: string) => boolean;

/** A walk target prepared for matching a tree level by level. */
export interface CompiledTarget {
  /** Position in the caller's target list (breaks ties between equally specific templates). */
  readonly index: number;
  readonly spec: WalkTargetSpec;
  /** Number of path elements: files match at this depth (1 = directly under the root). */
  readonly depth: number;
  readonly literalLength: number;
  /** One test per path element. */
  readonly tests: readonly ElementTest[];
}

/** Prepares a target: literal elements compare by string, the others by their element regex. */
export function compileTarget(spec: WalkTargetSpec, index: number): CompiledTarget {
  const { elements, acceptsCompressedSuffix, literalLength } = spec.template;
  return {
    index,
    spec,
    depth: elements.length,
    literalLength,
    tests: elements.map((element, i) => elementTest(element, acceptsCompressedSuffix && i === elements.length - 1)),
  };
}

function elementTest(element: TemplateElement, compressed: boolean): ElementTest {
  const { literal, regex } = element;
  if (literal === undefined) return (name) => regex.test(name);
  if (!compressed) return (name) => name === literal;
  const gz = `${literal}.gz`;
  const fz = `${literal}.fz`;
  return (name) => name === literal || name === gz || name === fz;
}
