/** A registry manager as `butler.yaml` names it, the class the attributes record, and its schema version. */
export interface ManagerSpec {
  /** Key under `registry.managers`. */
  readonly role: 'attributes' | 'collections' | 'datasets' | 'datastores' | 'dimensions' | 'opaque';
  /** Class path written to `butler.yaml`. */
  readonly configClass: string;
  /** Class path recorded in `butler_attributes` (`config:` value and `version:` key). */
  readonly attributeClass: string;
  readonly version: string;
}

const REG = 'lsst.daf.butler.registry';

/** The managers lsst-daf-butler 30.2026.4300 writes, in `butler.yaml` key order. */
export const MANAGERS: readonly ManagerSpec[] = [
  { role: 'attributes', configClass: `${REG}.attributes.DefaultButlerAttributeManager`, attributeClass: `${REG}.attributes.DefaultButlerAttributeManager`, version: '1.0.1' },
  {
    role: 'collections',
    configClass: `${REG}.collections.synthIntKey.SynthIntKeyCollectionManager`,
    attributeClass: `${REG}.collections.synthIntKey.SynthIntKeyCollectionManager`,
    version: '2.0.0',
  },
  {
    role: 'datasets',
    configClass: `${REG}.datasets.byDimensions.ByDimensionsDatasetRecordStorageManagerUUID`,
    attributeClass: `${REG}.datasets.byDimensions._manager.ByDimensionsDatasetRecordStorageManagerUUID`,
    version: '2.0.0',
  },
  {
    role: 'datastores',
    configClass: `${REG}.bridge.monolithic.MonolithicDatastoreRegistryBridgeManager`,
    attributeClass: `${REG}.bridge.monolithic.MonolithicDatastoreRegistryBridgeManager`,
    version: '0.2.1',
  },
  {
    role: 'dimensions',
    configClass: `${REG}.dimensions.static.StaticDimensionRecordStorageManager`,
    attributeClass: `${REG}.dimensions.static.StaticDimensionRecordStorageManager`,
    version: '6.0.2',
  },
  { role: 'opaque', configClass: `${REG}.opaque.ByNameOpaqueTableStorageManager`, attributeClass: `${REG}.opaque.ByNameOpaqueTableStorageManager`, version: '0.2.0' },
];

/** The datastore class `butler.yaml` names. */
export const FILE_DATASTORE_CLASS = 'lsst.daf.butler.datastores.fileDatastore.FileDatastore';
