/** A Croissant card for tests: aerial images of vehicles with bounding boxes, split in training and test. */
export function vehicleCard(): Record<string, unknown> {
  return {
    '@context': {
      '@language': 'en',
      '@vocab': 'https://schema.org/',
      sc: 'https://schema.org/',
      cr: 'http://mlcommons.org/croissant/',
      dct: 'http://purl.org/dc/terms/',
      foedera: 'https://w3id.org/foedera/ns#',
      data: { '@id': 'cr:data', '@type': '@json' },
      dataType: { '@id': 'cr:dataType', '@type': '@vocab' },
      field: 'cr:field',
      fileObject: 'cr:fileObject',
      fileSet: 'cr:fileSet',
      recordSet: 'cr:recordSet',
      source: 'cr:source',
      extract: 'cr:extract',
      column: 'cr:column',
      fileProperty: 'cr:fileProperty',
      includes: 'cr:includes',
      key: 'cr:key',
      references: 'cr:references',
      conformsTo: 'dct:conformsTo',
    },
    '@type': 'sc:Dataset',
    conformsTo: 'http://mlcommons.org/croissant/1.1',
    name: 'aerial-vehicles',
    description: 'Aerial images of military vehicles with bounding boxes',
    license: 'https://spdx.org/licenses/CC-BY-4.0.html',
    url: 'https://data.example.eu/aerial-vehicles',
    creator: { '@type': 'sc:Organization', name: 'Direction générale de l’armement' },
    datePublished: '2026-10-01',
    keywords: ['vehicles', 'aerial'],
    'foedera:task': ['object-detection'],
    distribution: [
      {
        '@type': 'cr:FileObject',
        '@id': 'images.tar',
        name: 'images.tar',
        contentUrl: 'https://data.example.eu/aerial-vehicles/images.tar',
        contentSize: '2.5 GB',
        encodingFormat: 'application/x-tar',
        sha256: 'a'.repeat(64),
      },
      {
        '@type': 'cr:FileSet',
        '@id': 'image-files',
        containedIn: { '@id': 'images.tar' },
        encodingFormat: 'image/jpeg',
        includes: '*.jpg',
      },
      {
        '@type': 'cr:FileObject',
        '@id': 'boxes.csv',
        contentUrl: 'https://data.example.eu/aerial-vehicles/boxes.csv',
        contentSize: '12000000 B',
        encodingFormat: 'text/csv',
        sha256: 'b'.repeat(64),
      },
    ],
    recordSet: [
      {
        '@type': 'cr:RecordSet',
        '@id': 'splits',
        dataType: 'cr:Split',
        key: { '@id': 'splits/name' },
        field: [{ '@type': 'cr:Field', '@id': 'splits/name', dataType: 'sc:Text' }],
        data: [{ 'splits/name': 'train' }, { 'splits/name': 'test' }],
      },
      {
        '@type': 'cr:RecordSet',
        '@id': 'boxes',
        field: [
          {
            '@type': 'cr:Field',
            '@id': 'boxes/image',
            dataType: 'sc:ImageObject',
            source: { fileSet: { '@id': 'image-files' }, extract: { fileProperty: 'content' } },
          },
          {
            '@type': 'cr:Field',
            '@id': 'boxes/bbox',
            dataType: 'cr:BoundingBox',
            source: { fileObject: { '@id': 'boxes.csv' }, extract: { column: 'bbox' } },
          },
          {
            '@type': 'cr:Field',
            '@id': 'boxes/vehicle_class',
            dataType: 'sc:Text',
            source: { fileObject: { '@id': 'boxes.csv' }, extract: { column: 'class' } },
          },
          {
            '@type': 'cr:Field',
            '@id': 'boxes/split',
            dataType: ['sc:Text', 'wd:Q3985153'],
            references: { '@id': 'splits/name' },
            source: { fileObject: { '@id': 'boxes.csv' }, extract: { column: 'split' } },
          },
        ],
      },
    ],
  };
}

/** A copy of `card` changed at a path of keys and indexes (the last key set to `value`, or deleted if undefined). */
export function changed(
  card: Record<string, unknown>,
  path: (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(card);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
