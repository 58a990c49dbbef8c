/**
 * A converter declares how one Gen2 mapper family becomes a Gen3 instrument. Converters are declarative
 * (no I/O); the engine in `src/convert/` executes them. Implementations live in `converters/<family>/`.
 */
export interface Converter {
  /** Family name, e.g. `hsc`, `lsst`. */
  readonly family: string;
  /** Instruments of this family, each bound to the Gen2 mapper classes (final class names) it converts. */
  readonly instruments: readonly InstrumentBinding[];
}

/** One Gen2 mapper class → Gen3 instrument binding. */
export interface InstrumentBinding {
  /** Gen2 mapper class names (final component), e.g. `HscMapper`. */
  readonly mapperClasses: readonly string[];
  /** Gen3 instrument name, e.g. `HSC`; undefined when the mapper has no Gen3 instrument (obs_test). */
  readonly instrument: string | undefined;
  /** Fully-qualified Gen3 instrument class, e.g. `lsst.obs.subaru.HyperSuprimeCam`. */
  readonly instrumentClass: string | undefined;
}

/** Finds the binding for a Gen2 mapper class among `converters`. */
export function findInstrumentBinding(converters: readonly Converter[], mapperClass: string): InstrumentBinding | undefined {
  for (const c of converters) {
    const found = c.instruments.find((b) => b.mapperClasses.includes(mapperClass));
    if (found) return found;
  }
  return undefined;
}
