import type { ExportDataId, ExportDocument, ExportItem, ExportTime, ExportTimespan, ExportValue } from './export-model.js';
import { EXPORT_FORMAT_VERSION } from './export-model.js';
import { TIMESPAN_TAG, TIME_TAG, UUID_TAG } from './export-schema.js';
import { emitYaml, type EmitNode } from './pyyaml-emitter.js';
import { pythonFloatYaml } from './python-float.js';

const NULL: EmitNode = { kind: 'raw', text: 'null' };

function str(value: string, tag?: string): EmitNode {
  return tag === undefined ? { kind: 'string', value } : { kind: 'string', value, tag };
}

function map(entries: [string, EmitNode][], tag?: string): EmitNode {
  return tag === undefined ? { kind: 'map', entries } : { kind: 'map', entries, tag };
}

function seq(items: EmitNode[]): EmitNode {
  return { kind: 'seq', items };
}

function raw(text: string): EmitNode {
  return { kind: 'raw', text };
}

function time(t: ExportTime | null): EmitNode {
  return t === null ? NULL : str(t.tai, TIME_TAG);
}

function base64Lines(base64: string): string {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76));
  return `${lines.join('\n')}\n`;
}

/** One record field value as PyYAML writes daf_butler's Python value. */
function value(v: ExportValue): EmitNode {
  if (v === null) return NULL;
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'bigint':
      return raw(v.toString());
    case 'number':
      return raw(pythonFloatYaml(v));
    case 'boolean':
      return raw(v ? 'true' : 'false');
  }
  switch (v.kind) {
    case 'time':
      return time(v);
    case 'region':
      return map([['encoded', str(v.encoded)]], v.tag.startsWith('!') ? v.tag : `!<${v.tag}>`);
    case 'binary':
      return { kind: 'literal', text: base64Lines(v.base64), tag: '!!binary' };
  }
}

function ids(list: readonly string[]): EmitNode {
  return seq(list.map((id) => str(id, UUID_TAG)));
}

function dataId(d: ExportDataId): EmitNode {
  return map(Object.entries(d).map(([k, v]) => [k, typeof v === 'bigint' ? raw(v.toString()) : str(v)]));
}

function timespan(t: ExportTimespan): EmitNode {
  if (t.kind === 'empty') return str('EMPTY', TIMESPAN_TAG);
  return map(
    [
      ['begin', time(t.begin)],
      ['end', time(t.end)],
    ],
    TIMESPAN_TAG,
  );
}

function item(i: ExportItem): EmitNode {
  switch (i.type) {
    case 'dimension':
      return map([
        ['type', str('dimension')],
        ['element', str(i.element)],
        ['records', seq(i.records.map((r) => map(Object.entries(r).map(([k, v]) => [k, value(v)]))))],
      ]);
    case 'collection': {
      const entries: [string, EmitNode][] = [
        ['type', str('collection')],
        ['collection_type', str(i.collectionType)],
        ['name', str(i.name)],
      ];
      if (i.doc !== undefined) entries.push(['doc', str(i.doc)]);
      if (i.collectionType === 'RUN') {
        entries.push(['host', i.host === null ? NULL : str(i.host)], ['timespan_begin', time(i.timespanBegin)], ['timespan_end', time(i.timespanEnd)]);
      } else if (i.collectionType === 'CHAINED') {
        entries.push(['children', seq(i.children.map((c) => str(c)))]);
      }
      return map(entries);
    }
    case 'dataset_type':
      return map([
        ['type', str('dataset_type')],
        ['name', str(i.name)],
        ['dimensions', seq(i.dimensions.map((d) => str(d)))],
        ['storage_class', str(i.storageClass)],
        ['is_calibration', raw(i.isCalibration ? 'true' : 'false')],
      ]);
    case 'dataset':
      return map([
        ['type', str('dataset')],
        ['dataset_type', str(i.datasetType)],
        ['run', str(i.run)],
        [
          'records',
          seq(
            i.records.map((r) => {
              const entries: [string, EmitNode][] = [
                ['dataset_id', ids(r.datasetIds)],
                ['data_id', seq(r.dataIds.map(dataId))],
                ['path', str(r.path)],
              ];
              if (r.formatter !== undefined) entries.push(['formatter', str(r.formatter)]);
              return map(entries);
            }),
          ),
        ],
      ]);
    case 'associations': {
      const head: [string, EmitNode][] = [
        ['type', str('associations')],
        ['collection', str(i.collection)],
        ['collection_type', str(i.collectionType)],
      ];
      if (i.collectionType === 'TAGGED') return map([...head, ['dataset_ids', ids(i.datasetIds)]]);
      return map([
        ...head,
        [
          'validity_ranges',
          seq(
            i.validityRanges.map((r) =>
              map([
                ['timespan', timespan(r.timespan)],
                ['dataset_ids', ids(r.datasetIds)],
              ]),
            ),
          ),
        ],
      ]);
    }
  }
}

/**
 * Writes a document as export format 1.0.2 YAML, with the key order and representation daf_butler's
 * `YamlRepoExportBackend` produces (PyYAML `sort_keys=False`), so that the real `butler import` reads
 * it. Items are written in the given order; records keep their field order.
 *
 * @param doc - the document (e.g. from `parseExport`, possibly after `migrateDimensionRecords`).
 * @returns the YAML text, ending with a newline.
 */
export function writeExport(doc: ExportDocument): string {
  return emitYaml({
    kind: 'map',
    entries: [
      ['description', str(doc.description)],
      ['version', str(EXPORT_FORMAT_VERSION)],
      ['universe_version', raw(String(doc.universeVersion))],
      ['universe_namespace', str(doc.universeNamespace)],
      ['data', seq(doc.data.map(item))],
    ],
  });
}
