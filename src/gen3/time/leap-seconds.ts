/**
 * TAI−UTC, from IERS Bulletin C (leap seconds since 1972) and the 1968–1971 rate formula of the
 * USNO/BIH table (TAI−UTC = 4.2131700 s + (MJD − 39126) × 0.002592 s, valid 1968-02-01 → 1972-01-01).
 * Update {@link LEAP_SECONDS} when Bulletin C announces a new leap second.
 */

/** One step of TAI−UTC: from UTC midnight `utcDate` on, TAI − UTC = `taiMinusUtc` seconds. */
export interface LeapSecondStep {
  readonly utcDate: string;
  readonly taiMinusUtc: number;
}

/** Every TAI−UTC step since 1972-01-01 (Bulletin C 70: no leap second at least until 2026-06). */
export const LEAP_SECONDS: readonly LeapSecondStep[] = [
  { utcDate: '1972-01-01', taiMinusUtc: 10 },
  { utcDate: '1972-07-01', taiMinusUtc: 11 },
  { utcDate: '1973-01-01', taiMinusUtc: 12 },
  { utcDate: '1974-01-01', taiMinusUtc: 13 },
  { utcDate: '1975-01-01', taiMinusUtc: 14 },
  { utcDate: '1976-01-01', taiMinusUtc: 15 },
  { utcDate: '1977-01-01', taiMinusUtc: 16 },
  { utcDate: '1978-01-01', taiMinusUtc: 17 },
  { utcDate: '1979-01-01', taiMinusUtc: 18 },
  { utcDate: '1980-01-01', taiMinusUtc: 19 },
  { utcDate: '1981-07-01', taiMinusUtc: 20 },
  { utcDate: '1982-07-01', taiMinusUtc: 21 },
  { utcDate: '1983-07-01', taiMinusUtc: 22 },
  { utcDate: '1985-07-01', taiMinusUtc: 23 },
  { utcDate: '1988-01-01', taiMinusUtc: 24 },
  { utcDate: '1990-01-01', taiMinusUtc: 25 },
  { utcDate: '1991-01-01', taiMinusUtc: 26 },
  { utcDate: '1992-07-01', taiMinusUtc: 27 },
  { utcDate: '1993-07-01', taiMinusUtc: 28 },
  { utcDate: '1994-07-01', taiMinusUtc: 29 },
  { utcDate: '1996-01-01', taiMinusUtc: 30 },
  { utcDate: '1997-07-01', taiMinusUtc: 31 },
  { utcDate: '1999-01-01', taiMinusUtc: 32 },
  { utcDate: '2006-01-01', taiMinusUtc: 33 },
  { utcDate: '2009-01-01', taiMinusUtc: 34 },
  { utcDate: '2012-07-01', taiMinusUtc: 35 },
  { utcDate: '2015-07-01', taiMinusUtc: 36 },
  { utcDate: '2017-01-01', taiMinusUtc: 37 },
];
