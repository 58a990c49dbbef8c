/** One Gen2 mapper class → Gen3 instrument binding. */
export interface InstrumentBinding {
  /** Gen2 mapper class names (final component), e.g. `HscMapper`. */
  readonly mapperClasses: readonly string[];
  /** Gen3 instrument name, e.g. `HSC`; undefined when the mapper has no Gen3 instrument (obs_test). */
  readonly instrument: string | undefined;
  /** Fully-qualified Gen3 instrument class, e.g. `lsst.obs.subaru.HyperSuprimeCam`. */
  readonly instrumentClass: string | undefined;
}

/** Finds the binding for a Gen2 mapper class among the instruments of `converters`. */
export function findInstrumentBinding<B extends InstrumentBinding>(converters: readonly { readonly instruments: readonly B[] }[], mapperClass: string): B | undefined {
  for (const c of converters) {
    const found = c.instruments.find((b) => b.mapperClasses.includes(mapperClass));
    if (found) return found;
  }
  return undefined;
}
