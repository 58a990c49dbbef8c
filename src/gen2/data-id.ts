/** A Gen2 data ID value: ints and floats are numbers, everything else a string (patch is "x,y"). */
export type Gen2Value = string | number;

/** A Gen2 data ID: `{visit: 903334, ccd: 16, filter: 'HSC-I'}`. */
export type Gen2DataId = Record<string, Gen2Value>;

/** Canonical string form of a data ID (keys sorted), for grouping and messages. */
export function formatDataId(dataId: Gen2DataId): string {
  return Object.keys(dataId)
    .sort()
    .map((k) => `${k}=${JSON.stringify(dataId[k])}`)
    .join(', ');
}
