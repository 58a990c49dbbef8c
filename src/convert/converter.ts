/**
 * A converter declares how one Gen2 mapper family becomes Gen3 instruments. Converters are
 * declarative (no I/O); the engine in `src/convert/` executes them. Implementations live in
 * `converters/<family>/`, and every one runs `test/conformance/converter-suite.ts`.
 */
import type { InstrumentDeclaration } from './instrument-declaration.js';

export { findInstrumentBinding, type InstrumentBinding } from './instrument-binding.js';
export type { InstrumentDeclaration } from './instrument-declaration.js';

/** A family of instruments (one obs package) and how each is converted. */
export interface Converter {
  /** Family name, e.g. `hsc`, `lsst`. */
  readonly family: string;
  /** Instruments of this family, each bound to the Gen2 mapper classes (final class names) it converts. */
  readonly instruments: readonly InstrumentDeclaration[];
}
