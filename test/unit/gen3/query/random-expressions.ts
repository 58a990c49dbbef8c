// Seeded random generator of well-typed expressions over the fixture's exposure × detector columns,
// shared by the evaluate-vs-SQL property test and the daf_butler parity test.
import type { BindValues } from '../../../../src/gen3/query/bind-value.js';
import { DETECTORS, EXPOSURES } from './query-fixture.js';
import { prng } from '../../../helpers/prng.js';

export { prng };

/** Bind values the generated expressions use. */
export const BIND: BindValues = { n65: 65, hsc: 'HSC', dets: [0, 10, 94], yes: true, ratio: 0.5, t0: { tai: 1537437637000000000n } };

/** Random expression text: `new ExpressionGenerator(prng(seed)).predicate(depth)`. */
export class ExpressionGenerator {
  constructor(private readonly random: () => number) {}

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  intAtom(): string {
    return this.pick([
      () => this.pick(['exposure', 'detector', 'day_obs', 'exposure.seq_num', 'exposure.id', 'detector.id']),
      () => String(this.pick(EXPOSURES).id + this.int(3) - 1),
      () => String(this.pick(DETECTORS).id + this.int(3) - 1),
      () => String(this.pick([20180920, 20180921, 20200102, 63, 65, 66, 70, 1, 2, 0, -3])),
      () => (this.random() < 0.5 ? ':n65' : 'n65'),
    ])();
  }

  intExpr(depth: number): string {
    if (depth <= 0 || this.random() < 0.6) return this.intAtom();
    const r = this.random();
    if (r < 0.15) return `-${this.intAtom()}`;
    if (r < 0.3) return `(${this.intExpr(depth - 1)})`;
    return `${this.intExpr(depth - 1)} ${this.pick(['+', '-', '*', '/', '%'])} ${this.int(7)}`;
  }

  floatExpr(depth: number): string {
    const r = this.random();
    if (r < 0.4) return 'exposure.exposure_time';
    if (r < 0.55) return this.pick(['14.5', '15.0', '2.5e1', '.5']);
    if (r < 0.7) return 'exposure.exposure_time * :ratio';
    if (depth <= 0) return 'ratio';
    return `${this.floatExpr(depth - 1)} ${this.pick(['*', '/', '+', '-'])} ${this.pick(['1.5', '0.5', '2.0', '0.0'])}`;
  }

  stringPair(): [string, string] {
    return this.pick<() => [string, string]>([
      () => ['instrument', this.pick(["'HSC'", "'LSSTCam-imSim'", ':hsc', "'DECam'"])],
      () => ['physical_filter', this.pick(["'HSC-R'", "'HSC-I'", "'HSC-I2'", "'r_sim'"])],
      () => ['band', this.pick(["'r'", "'i'", '"g"'])],
      () => ['exposure.observation_type', this.pick(["'science'", "'bias'"])],
      () => ['exposure.obs_id', `'HSCA${this.pick(EXPOSURES).id}'`],
      () => ['detector.full_name', `'${this.pick(DETECTORS).full_name}'`],
      () => ['detector.raft', this.pick(["'R01'", "'R22'"])],
      () => ['detector.purpose', this.pick(["'SCIENCE'", "'FOCUS'"])],
    ])();
  }

  /** A time literal or bind (what daf_butler allows inside IN lists). */
  timeValue(): string {
    return this.pick([
      "T'2018-09-20T10:05:10'",
      "T'2018-09-20 10:00:00'",
      "T'2018-09-21'",
      "T'mjd/58850.0/tai'",
      "T'58381.42'",
      "T'unix/1537437900.0'",
      "T'+02018-09-20T10:10:15'",
      "T'2018:264:10:00:00'",
      ':t0',
    ]);
  }

  time(): string {
    return this.random() < 0.75 ? this.timeValue() : this.pick(['exposure.timespan.begin', 'exposure.timespan.end']);
  }

  timespan(): string {
    return this.pick([
      () => 'exposure.timespan',
      () => `(${this.timeValue()}, ${this.timeValue()})`,
      () => `(NULL, ${this.timeValue()})`,
      () => `(${this.timeValue()}, NULL)`,
    ])();
  }

  comparison(): string {
    const op = this.pick(['=', '!=', '<>', '<', '<=', '>', '>=']);
    return this.pick([
      () => `${this.intExpr(2)} ${op} ${this.intExpr(2)}`,
      () => `${this.floatExpr(2)} ${op} ${this.pick([() => this.floatExpr(1), () => this.intExpr(1)])()}`,
      () => {
        const [column, value] = this.stringPair();
        return this.random() < 0.5 ? `${column} ${op} ${value}` : `${value} ${op} ${column}`;
      },
      () => `${this.time()} ${op} ${this.time()}`,
    ])();
  }

  predicate(depth: number): string {
    const leaf = (): string =>
      this.pick([
        () => this.comparison(),
        () => this.comparison(),
        () => {
          const items = Array.from({ length: 1 + this.int(4) }, () =>
            this.pick([
              () => String(this.pick(EXPOSURES).id),
              () => String(this.pick(DETECTORS).id),
              () => `${this.int(20) - 5}..${15 + this.int(60)}${this.random() < 0.5 ? `:${1 + this.int(5)}` : ''}`,
              () => `${903330 + this.int(4)}..${903340 + this.int(3)}:${1 + this.int(4)}`,
              () => 'NULL',
              () => ':dets',
              () => String(this.pick([63, 65, 70, 20180921])),
            ])(),
          );
          return `${this.pick(['exposure', 'detector', 'exposure.seq_num', 'day_obs'])} ${this.random() < 0.3 ? 'NOT IN' : 'IN'} (${items.join(', ')})`;
        },
        () => {
          const [column] = this.stringPair();
          const values = Array.from({ length: 1 + this.int(3) }, () => this.stringPair()[1].replace(':hsc', "'HSC'"));
          return `${column} ${this.random() < 0.3 ? 'not in' : 'in'} (${values.join(', ')})`;
        },
        () => `${this.pick(['exposure.seq_num', 'exposure.exposure_time', 'detector.raft', 'exposure.can_see_sky', 'exposure.timespan', 'exposure.timespan.begin'])} ${this.pick(['=', '!='])} NULL`,
        () => this.pick(['exposure.can_see_sky', 'NOT exposure.can_see_sky', 'exposure.can_see_sky = yes', 'exposure.can_see_sky != :yes']),
        () => `${this.timespan()} OVERLAPS ${this.timespan()}`,
        () => `${this.time()} OVERLAPS ${this.timespan()}`,
        () => `${this.time()} ${this.random() < 0.3 ? 'NOT IN' : 'IN'} (${this.timeValue()}, ${this.pick([() => this.timeValue(), () => 'NULL'])()})`,
        () => `(${this.comparison()}) = (${this.comparison()})`,
      ])();
    if (depth <= 0 || this.random() < 0.3) return leaf();
    return this.pick([
      () => `${this.predicate(depth - 1)} AND ${this.predicate(depth - 1)}`,
      () => `${this.predicate(depth - 1)} OR ${this.predicate(depth - 1)}`,
      () => `NOT ${this.predicate(depth - 1)}`,
      () => `(${this.predicate(depth - 1)})`,
      () => `(${this.predicate(depth - 1)} ${this.pick(['or', 'and'])} ${this.predicate(depth - 1)}) AND ${leaf()}`,
    ])();
  }
}
