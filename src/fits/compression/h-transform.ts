/**
 * The inverse H-transform of HCOMPRESS_1 (White 1992), in place. `a` is an `nx` × `ny` array, `ny`
 * varying fastest. With `smooth`, coefficients are interpolated (within ± `scale`/2) before each
 * expansion. Integer arithmetic is done exactly in doubles (values up to 2⁵³), with floor division for
 * shifts and masks.
 */
export function inverseHTransform(a: Float64Array, nx: number, ny: number, smooth = false, scale = 0): void {
  const nmax = Math.max(nx, ny);
  let log2n = Math.floor(Math.log(nmax) / Math.log(2) + 0.5);
  if (nmax > 2 ** log2n) log2n++;
  if (log2n === 0) return;
  const tmp = new Float64Array((nmax + 1) >> 1);

  let shift = 1;
  let bit0 = 2 ** (log2n - 1);
  let bit1 = bit0 * 2;
  let bit2 = bit0 * 4;
  let prnd0 = Math.floor(bit0 / 2);
  let prnd1 = Math.floor(bit1 / 2);
  const prnd2 = Math.floor(bit2 / 2);
  let nrnd0 = prnd0 - 1;
  let nrnd1 = prnd1 - 1;
  const nrnd2 = prnd2 - 1;

  a[0] = roundTo(a[0] as number, prnd2, nrnd2, bit2);

  let nxtop = 1;
  let nytop = 1;
  let nxf = nx;
  let nyf = ny;
  let c = 2 ** log2n;
  for (let k = log2n - 1; k >= 0; k--) {
    c /= 2;
    nxtop *= 2;
    nytop *= 2;
    if (nxf <= c) nxtop--;
    else nxf -= c;
    if (nyf <= c) nytop--;
    else nyf -= c;
    if (k === 0) {
      nrnd0 = 0;
      shift = 2;
    }
    const divisor = 2 ** shift;
    for (let i = 0; i < nxtop; i++) unshuffle(a, ny * i, nytop, 1, tmp);
    for (let j = 0; j < nytop; j++) unshuffle(a, j, nxtop, ny, tmp);
    if (smooth) smoothCoefficients(a, nxtop, nytop, ny, scale);
    const oddx = nxtop % 2;
    const oddy = nytop % 2;
    let i = 0;
    for (; i < nxtop - oddx; i += 2) {
      let s00 = ny * i;
      let s10 = s00 + ny;
      for (let j = 0; j < nytop - oddy; j += 2) {
        let h0 = a[s00] as number;
        let hx = roundTo(a[s10] as number, prnd1, nrnd1, bit1);
        let hy = roundTo(a[s00 + 1] as number, prnd1, nrnd1, bit1);
        const hc = roundTo(a[s10 + 1] as number, prnd0, nrnd0, bit0);
        const lowbit0 = bitOf(hc, bit0) * bit0;
        hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
        hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
        const lowbit1 = ((bitOf(hc, bit1) + bitOf(hx, bit1) + bitOf(hy, bit1)) % 2) * bit1;
        h0 = h0 >= 0 ? h0 + lowbit0 - lowbit1 : h0 + (lowbit0 === 0 ? lowbit1 : lowbit0 - lowbit1);
        a[s10 + 1] = Math.floor((h0 + hx + hy + hc) / divisor);
        a[s10] = Math.floor((h0 + hx - hy - hc) / divisor);
        a[s00 + 1] = Math.floor((h0 - hx + hy - hc) / divisor);
        a[s00] = Math.floor((h0 - hx - hy + hc) / divisor);
        s00 += 2;
        s10 += 2;
      }
      if (oddy) {
        let h0 = a[s00] as number;
        const hx = roundTo(a[s10] as number, prnd1, nrnd1, bit1);
        const lowbit1 = bitOf(hx, bit1) * bit1;
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s10] = Math.floor((h0 + hx) / divisor);
        a[s00] = Math.floor((h0 - hx) / divisor);
      }
    }
    if (oddx) {
      let s00 = ny * i;
      for (let j = 0; j < nytop - oddy; j += 2) {
        let h0 = a[s00] as number;
        const hy = roundTo(a[s00 + 1] as number, prnd1, nrnd1, bit1);
        const lowbit1 = bitOf(hy, bit1) * bit1;
        h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
        a[s00 + 1] = Math.floor((h0 + hy) / divisor);
        a[s00] = Math.floor((h0 - hy) / divisor);
        s00 += 2;
      }
      if (oddy) a[s00] = Math.floor((a[s00] as number) / divisor);
    }
    bit2 = bit1;
    bit1 = bit0;
    bit0 = Math.floor(bit0 / 2);
    prnd1 = prnd0;
    prnd0 = Math.floor(prnd0 / 2);
    nrnd1 = nrnd0;
    nrnd0 = prnd0 - 1;
  }
}

/**
 * Adjusts the x, y and curvature differences towards the values that interpolate the neighbouring
 * means, keeping monotonicity and changing no coefficient by more than `scale`/2 (edges untouched).
 */
function smoothCoefficients(a: Float64Array, nxtop: number, nytop: number, ny: number, scale: number): void {
  const smax = Math.floor(scale / 2);
  if (smax <= 0) return;
  const ny2 = 2 * ny;
  const limit = (value: number) => Math.max(Math.min(value, smax), -smax);
  /** The change `(diff − coefficient × factor) / factor`, rounded up for negative values as the reference does. */
  const change = (diff: number, coefficient: number, factor: number) => {
    const s = diff - coefficient * factor;
    return limit(s >= 0 ? Math.floor(s / factor) : Math.floor((s + factor - 1) / factor));
  };
  for (let i = 2; i < nxtop - 2; i += 2) {
    for (let j = 0, s00 = ny * i; j < nytop; j += 2, s00 += 2) {
      const hm = a[s00 - ny2] as number;
      const h0 = a[s00] as number;
      const hp = a[s00 + ny2] as number;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) {
        const diff = Math.max(Math.min(hp - hm, dmax), dmin);
        a[s00 + ny] = (a[s00 + ny] as number) + change(diff, a[s00 + ny] as number, 8);
      }
    }
  }
  for (let i = 0; i < nxtop; i += 2) {
    for (let j = 2, s00 = ny * i + 2; j < nytop - 2; j += 2, s00 += 2) {
      const hm = a[s00 - 2] as number;
      const h0 = a[s00] as number;
      const hp = a[s00 + 2] as number;
      const dmax = Math.max(Math.min(hp - h0, h0 - hm), 0) * 4;
      const dmin = Math.min(Math.max(hp - h0, h0 - hm), 0) * 4;
      if (dmin < dmax) {
        const diff = Math.max(Math.min(hp - hm, dmax), dmin);
        a[s00 + 1] = (a[s00 + 1] as number) + change(diff, a[s00 + 1] as number, 8);
      }
    }
  }
  for (let i = 2; i < nxtop - 2; i += 2) {
    for (let j = 2, s00 = ny * i + 2; j < nytop - 2; j += 2, s00 += 2) {
      const s10 = s00 + ny;
      const hmm = a[s00 - ny2 - 2] as number;
      const hpm = a[s00 + ny2 - 2] as number;
      const hmp = a[s00 - ny2 + 2] as number;
      const hpp = a[s00 + ny2 + 2] as number;
      const h0 = a[s00] as number;
      const hx2 = (a[s10] as number) * 2;
      const hy2 = (a[s00 + 1] as number) * 2;
      const dmax = Math.min(
        Math.min(Math.max(hpp - h0, 0) - hx2 - hy2, Math.max(h0 - hpm, 0) + hx2 - hy2),
        Math.min(Math.max(h0 - hmp, 0) - hx2 + hy2, Math.max(hmm - h0, 0) + hx2 + hy2),
      ) * 16;
      const dmin = Math.max(
        Math.max(Math.min(hpp - h0, 0) - hx2 - hy2, Math.min(h0 - hpm, 0) + hx2 - hy2),
        Math.max(Math.min(h0 - hmp, 0) - hx2 + hy2, Math.min(hmm - h0, 0) + hx2 + hy2),
      ) * 16;
      if (dmin < dmax) {
        const diff = Math.max(Math.min(hpp + hmm - hmp - hpm, dmax), dmin);
        a[s10 + 1] = (a[s10 + 1] as number) + change(diff, a[s10 + 1] as number, 64);
      }
    }
  }
}

/** `(x + (x ≥ 0 ? up : down)) & −bit` for a power of two `bit`. */
function roundTo(x: number, up: number, down: number, bit: number): number {
  return Math.floor((x + (x >= 0 ? up : down)) / bit) * bit;
}

/** Whether the two's-complement bit of weight `bit` (a power of two) is set in `x`: 0 or 1. */
function bitOf(x: number, bit: number): number {
  const q = Math.floor(x / bit);
  return q - 2 * Math.floor(q / 2);
}

/** Moves the first half of `n` elements (stride `stride`) to the even places and the second half to the odd ones. */
function unshuffle(a: Float64Array, start: number, n: number, stride: number, tmp: Float64Array): void {
  const half = (n + 1) >> 1;
  for (let i = half; i < n; i++) tmp[i - half] = a[start + stride * i] as number;
  for (let i = half - 1; i >= 0; i--) a[start + 2 * stride * i] = a[start + stride * i] as number;
  for (let i = 1, t = 0; i < n; i += 2, t++) a[start + stride * i] = tmp[t] as number;
}
