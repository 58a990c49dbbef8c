import { FILE_DATASTORE_RECORDS_TABLE } from '../schema/index.js';
import { FILE_DATASTORE_CLASS, MANAGERS } from './managers.js';

/** `registry.db` of a SQLite repository. */
export const SQLITE_REGISTRY_DB = 'sqlite:///<butlerRoot>/gen3.sqlite3';

function yamlScalar(text: string): string {
  return /^[A-Za-z0-9_./<>][A-Za-z0-9_.:/@%+\-~?=&<>,]*$/.test(text) && !/:$/.test(text) ? text : `'${text.replace(/'/g, "''")}'`;
}

/** The `butler.yaml` text `butler create` writes (keys sorted), with `registry.db` = `db`. */
export function butlerYaml(db: string): string {
  return [
    'datastore:',
    `  cls: ${FILE_DATASTORE_CLASS}`,
    '  records:',
    `    table: ${FILE_DATASTORE_RECORDS_TABLE}`,
    '  root: <butlerRoot>',
    'registry:',
    `  db: ${yamlScalar(db)}`,
    '  managers:',
    ...MANAGERS.map((m) => `    ${m.role}: ${m.configClass}`),
    '',
  ].join('\n');
}
