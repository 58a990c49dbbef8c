import type { TableSpec } from '../ddl/index.js';
import type { DimensionUniverse } from '../dimensions/index.js';
import { dimensionTableSpecs } from './dimension-tables.js';
import { staticTableSpecs } from './static-tables.js';

/**
 * The 48 tables `butler create` makes for universe v8, in an order where every foreign-key target
 * precedes its references (dimension tables, then static ones).
 */
export function repositoryTableSpecs(universe: DimensionUniverse): TableSpec[] {
  return [...dimensionTableSpecs(universe), ...staticTableSpecs(universe)];
}
