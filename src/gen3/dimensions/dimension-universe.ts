import type { DimensionConfig, DimensionFieldConfig, SkyPixSystemConfig } from './dimension-config.js';
import type { DimensionElement } from './dimension-element.js';
import { elementOrder } from './element-order.js';
import { serializeDimensionConfig } from './serialize-universe.js';
import { DIMENSION_CONFIG_V8 } from './universe-v8.js';

/** Required and implied dimensions of a set, each in universe order. */
export interface DimensionClosure {
  readonly required: readonly string[];
  readonly implied: readonly string[];
}

const SKYPIX_KEY: DimensionFieldConfig = { name: 'id', type: 'int' };

/** A dimension universe: elements in daf_butler's order, with dependency closures resolved. */
export class DimensionUniverse {
  readonly version: number;
  readonly namespace: string;
  /** Every element, in universe order. */
  readonly elements: readonly DimensionElement[];
  private readonly byName: ReadonlyMap<string, DimensionElement>;

  constructor(readonly config: DimensionConfig) {
    this.version = config.version;
    this.namespace = config.namespace;
    const skypixSystems = Object.entries(config.skypix).filter((e): e is [string, SkyPixSystemConfig] => typeof e[1] === 'object');
    const levels = (system: string, max: number) => Array.from({ length: max }, (_, i) => `${system}${i + 1}`);
    const order = elementOrder([
      ...skypixSystems.map(([name, s]) => ({ name, dependencies: [], emits: levels(name, s.max_level) })),
      ...Object.entries(config.elements).map(([name, e]) => ({ name, dependencies: [...(e.requires ?? []), ...(e.implies ?? [])], emits: [name] })),
    ]);
    const index = new Map(order.map((name, i) => [name, i]));
    const sorted = (names: Iterable<string>) => [...new Set(names)].sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
    const spatial = familyOf(config.topology.spatial);
    const temporal = familyOf(config.topology.temporal);

    const built = new Map<string, DimensionElement>();
    for (const name of order) {
      const system = skypixSystems.find(([s]) => name.startsWith(s) && /^\d+$/.test(name.slice(s.length)));
      const cfg = config.elements[name];
      if (!cfg && system) {
        built.set(name, {
          name,
          kind: 'skypix',
          index: index.get(name)!,
          keys: [SKYPIX_KEY],
          metadata: [],
          directRequires: [],
          directImplies: [],
          required: [name],
          implied: [],
          governor: false,
          hasTable: false,
          spatialFamily: system[0],
          skypix: { system: system[0], level: Number(name.slice(system[0].length)) },
        });
        continue;
      }
      if (!cfg) throw new Error(`element ${name} has no configuration`);
      const keys = cfg.keys ?? [];
      const requires = cfg.requires ?? [];
      const required = sorted([...requires.flatMap((r) => built.get(r)?.required ?? [r]), ...(keys.length > 0 ? [name] : [])]);
      const sFamily = spatial.get(name);
      const tFamily = temporal.get(name);
      built.set(name, {
        name,
        kind: keys.length > 0 ? 'dimension' : 'join',
        index: index.get(name)!,
        keys,
        metadata: cfg.metadata ?? [],
        directRequires: requires,
        directImplies: cfg.implies ?? [],
        required,
        implied: sorted(cfg.implies ?? []),
        governor: cfg.governor ?? false,
        hasTable: cfg.storage?.nested?.view_of === undefined,
        ...(sFamily ? { spatialFamily: sFamily } : {}),
        ...(tFamily ? { temporalFamily: tFamily } : {}),
        ...(cfg.doc ? { doc: cfg.doc } : {}),
      });
    }
    this.byName = built;
    this.elements = order.map((n) => built.get(n)!);
  }

  /** The element called `name`. @throws Error when there is none. */
  element(name: string): DimensionElement {
    const e = this.byName.get(name);
    if (!e) throw new Error(`no dimension element ${name} in universe ${this.namespace} v${this.version}`);
    return e;
  }

  /** True when `name` is an element of this universe. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Dimensions (elements with keys, including skypix levels), universe order. */
  get dimensions(): DimensionElement[] {
    return this.elements.filter((e) => e.kind !== 'join');
  }

  /** Governor dimensions, universe order (`instrument`, `skymap`). */
  get governors(): DimensionElement[] {
    return this.elements.filter((e) => e.governor);
  }

  /** Data ID packers of the configuration, by name. */
  get packers(): DimensionConfig['packers'] {
    return this.config.packers;
  }

  /** Skypix systems (`htm`, `healpix`) with their maximum level; `common` names the one relating spatial elements. */
  get skypixSystems(): { readonly common: string; readonly systems: Readonly<Record<string, SkyPixSystemConfig>> } {
    const systems = Object.fromEntries(Object.entries(this.config.skypix).filter((e): e is [string, SkyPixSystemConfig] => typeof e[1] === 'object'));
    return { common: this.config.skypix.common, systems };
  }

  /** `names` sorted in universe order (duplicates removed). */
  sort(names: Iterable<string>): string[] {
    return [...new Set(names)].sort((a, b) => this.element(a).index - this.element(b).index);
  }

  /**
   * The closure of a set of dimensions: `required` = the given dimensions plus everything they
   * require (recursively), `implied` = what those imply (recursively) that is not required.
   */
  closure(names: Iterable<string>): DimensionClosure {
    const required = new Set<string>();
    for (const n of names) for (const r of this.element(n).required) required.add(r);
    const implied = new Set<string>();
    const queue = [...required];
    while (queue.length > 0) {
      const e = this.element(queue.pop()!);
      for (const i of e.implied) {
        for (const d of this.element(i).required) {
          if (!required.has(d) && !implied.has(d)) {
            implied.add(d);
            queue.push(d);
          }
        }
      }
    }
    return { required: this.sort(required), implied: this.sort(implied) };
  }

  /**
   * The order in which a data ID's values are expanded: required dimensions first, then implied
   * ones, each in universe order.
   */
  dataIdExpansionOrder(names: Iterable<string>): string[] {
    const { required, implied } = this.closure(names);
    return [...required, ...implied];
  }

  /** The `config:dimensions.json` attribute value for this universe. */
  serialize(): string {
    return serializeDimensionConfig(this.config);
  }
}

function familyOf(families: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  return new Map(Object.entries(families).flatMap(([family, members]) => members.map((m) => [m, family] as const)));
}

let v8: DimensionUniverse | undefined;

/** The default universe (version 8), built once. */
export function defaultUniverse(): DimensionUniverse {
  v8 ??= new DimensionUniverse(DIMENSION_CONFIG_V8);
  return v8;
}
