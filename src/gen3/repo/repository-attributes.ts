import type { DimensionUniverse } from '../dimensions/index.js';
import { MANAGERS } from './managers.js';

/** The `butler_attributes` rows `butler create` writes: universe, manager classes, manager versions. */
export function repositoryAttributes(universe: DimensionUniverse): { name: string; value: string }[] {
  return [
    { name: 'config:dimensions.json', value: universe.serialize() },
    ...MANAGERS.map((m) => ({ name: `config:registry.managers.${m.role}`, value: m.attributeClass })),
    ...MANAGERS.map((m) => ({ name: `version:${m.attributeClass}`, value: m.version })),
  ];
}
