import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ConfidentialityLabel } from '../label.ts';
import { defaultPolicyRegistry as registry } from '../policy-registry.ts';
import { labelArbitrary, markingText } from '../_testing/arbitraries.ts';
import { canonicalLabelJson, labelFromJsonValue, parseLabelJson } from './json.ts';
import { labelFromXml } from './xml-read.ts';
import { labelToXml } from './xml-write.ts';

const sample: ConfidentialityLabel = {
  policy: 'NATO',
  classification: 'NATO SECRET',
  privacyMark: 'STAFF & <PERSONAL>',
  categories: [
    { tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] },
    { tagName: 'Special Category Designator', type: 'RESTRICTIVE', values: ['ATOMAL'] },
  ],
  originator: 'urn:foedera:participant:FRA-MOD',
  creationTime: '2026-11-26T05:00:00Z',
};

// Any label the codecs must carry, with free-form tag names and values too (the codec does not need the registry).
const anyLabel = fc.oneof(
  labelArbitrary(registry, { alternatives: true }),
  labelArbitrary(registry).chain((label) =>
    fc
      .record({ tagName: markingText, values: fc.uniqueArray(markingText, { maxLength: 3 }) })
      .map((extra) => ({
        ...label,
        categories: [{ ...extra, type: 'INFORMATIVE' as const }],
        originator: `urn:x:${label.originator}`,
      })),
  ),
);

test('canonicalLabelJson() is RFC 8785 canonical: sorted keys, no white space', () => {
  assert.equal(
    canonicalLabelJson({ ...sample, categories: [sample.categories[0] as never] }),
    '{"categories":[{"tagName":"Releasable To","type":"PERMISSIVE","values":["FRA","DEU"]}],' +
      '"classification":"NATO SECRET","creationTime":"2026-11-26T05:00:00Z",' +
      '"originator":"urn:foedera:participant:FRA-MOD","policy":"NATO","privacyMark":"STAFF & <PERSONAL>"}',
  );
});

test('the JSON codec round-trips any valid label', () => {
  fc.assert(
    fc.property(anyLabel, (label) => {
      assert.deepEqual(parseLabelJson(canonicalLabelJson(label)), { ok: true, value: label });
    }),
    { numRuns: 500 },
  );
});

test('the XML codec round-trips any valid label', () => {
  fc.assert(
    fc.property(anyLabel, (label) => {
      const xml = labelToXml(label);
      assert.deepEqual(labelFromXml(xml), { ok: true, value: label }, xml);
    }),
    { numRuns: 500 },
  );
});

test('labelToXml() writes the STANAG 4774 element names', () => {
  const xml = labelToXml(sample);
  assert.match(
    xml,
    /<slab:originatorConfidentialityLabel xmlns:slab="urn:nato:stanag:4774:confidentialitymetadatalabel:1:0">/,
  );
  assert.match(xml, /<slab:PolicyIdentifier>NATO<\/slab:PolicyIdentifier>/);
  assert.match(
    xml,
    /<slab:Category TagName="Releasable To" Type="PERMISSIVE">\s*<slab:GenericValue>FRA<\/slab:GenericValue>/,
  );
  assert.match(xml, /<slab:PrivacyMark>STAFF &amp; &lt;PERSONAL&gt;<\/slab:PrivacyMark>/);
  assert.match(
    xml,
    /<slab:OriginatorID IDType="uniformResourceIdentifier">urn:foedera:participant:FRA-MOD<\/slab:OriginatorID>/,
  );
  assert.match(xml, /<slab:CreationDateTime>2026-11-26T05:00:00Z<\/slab:CreationDateTime>/);
});

test('labelFromXml() reads a label written with a default namespace and no prefix', () => {
  const xml = `<originatorConfidentialityLabel xmlns="urn:nato:stanag:4774:confidentialitymetadatalabel:1:0">
    <ConfidentialityInformation><PolicyIdentifier URI="urn:example">NATO</PolicyIdentifier>
    <Classification>NATO SECRET</Classification>
    <Category TagName="Releasable To" Type="PERMISSIVE"><GenericValue>KEN</GenericValue></Category>
    </ConfidentialityInformation><OriginatorID>urn:x</OriginatorID>
    <CreationDateTime>2016-11-10T12:30:00Z</CreationDateTime></originatorConfidentialityLabel>`;
  assert.deepEqual(labelFromXml(xml), {
    ok: true,
    value: {
      policy: 'NATO',
      classification: 'NATO SECRET',
      categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['KEN'] }],
      originator: 'urn:x',
      creationTime: '2016-11-10T12:30:00Z',
    },
  });
});

const xxe = `<?xml version="1.0"?>
<!DOCTYPE slab:originatorConfidentialityLabel [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<slab:originatorConfidentialityLabel xmlns:slab="urn:nato:stanag:4774:confidentialitymetadatalabel:1:0">
<slab:ConfidentialityInformation><slab:PolicyIdentifier>&xxe;</slab:PolicyIdentifier>
<slab:Classification>NATO SECRET</slab:Classification></slab:ConfidentialityInformation>
<slab:OriginatorID>urn:x</slab:OriginatorID><slab:CreationDateTime>2026-01-01T00:00:00Z</slab:CreationDateTime>
</slab:originatorConfidentialityLabel>`;
const laughs =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('') +
  ']><slab:originatorConfidentialityLabel xmlns:slab="urn:nato:stanag:4774:confidentialitymetadatalabel:1:0">' +
  '&lol9;</slab:originatorConfidentialityLabel>';

test('labelFromXml() refuses external entities and entity expansion by refusing any DOCTYPE', () => {
  for (const xml of [xxe, laughs, xxe.toLowerCase()]) {
    const result = labelFromXml(xml);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'invalid-label');
    assert.match(!result.ok ? result.detail : '', /DOCTYPE/);
  }
});

const valid = labelToXml(sample);
const refusals: [string, string, RegExp][] = [
  ['malformed XML', valid.replace('</slab:Classification>', ''), /malformed at line/],
  [
    'another root',
    valid.replaceAll('originatorConfidentialityLabel', 'Label'),
    /^Cannot read label: Label is not an originatorConfidentialityLabel/,
  ],
  [
    'a wrong namespace',
    valid.replace('confidentialitymetadatalabel:1:0', 'other'),
    /is not an originatorConfidentialityLabel/,
  ],
  [
    'a missing element',
    valid.replace(/<slab:Classification>.*<\/slab:Classification>/, ''),
    /ConfidentialityInformation is missing Classification/,
  ],
  [
    'an unknown element',
    valid.replace('<slab:Classification>', '<slab:Extra>x</slab:Extra><slab:Classification>'),
    /ConfidentialityInformation\/Extra is not expected/,
  ],
  [
    'a repeated element',
    valid.replace(/(<slab:Classification>.*<\/slab:Classification>)/, '$1$1'),
    /Classification\[2\] may appear at most 1/,
  ],
  [
    'an unknown category type',
    valid.replace('Type="RESTRICTIVE"', 'Type="SECRETIVE"'),
    /Category\[2\] must be one of PERMISSIVE/,
  ],
  [
    'an empty value',
    valid.replace('<slab:GenericValue>FRA</slab:GenericValue>', '<slab:GenericValue></slab:GenericValue>'),
    /Category\/GenericValue must not be empty/,
  ],
  [
    'a bad creation time',
    valid.replace('2026-11-26T05:00:00Z', 'yesterday'),
    /CreationDateTime must be an RFC 3339 date-time/,
  ],
  [
    'a foreign IDType',
    valid.replace('uniformResourceIdentifier', 'rfc822Name'),
    /OriginatorID has IDType "rfc822Name"/,
  ],
  [
    'an undeclared prefix',
    valid.replace(/<slab:PrivacyMark>.*<\/slab:PrivacyMark>/, '<x:PrivacyMark>a</x:PrivacyMark>'),
    /malformed|undeclared prefix/,
  ],
];
for (const [name, xml, message] of refusals) {
  test(`labelFromXml() refuses ${name} and names the element`, () => {
    const result = labelFromXml(xml);
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.detail : '', message);
  });
}

test('the JSON reader refuses bad fields and names them', () => {
  const cases: [unknown, string, RegExp][] = [
    [{ ...sample, policy: 3 }, 'label.policy', /must be a string/],
    [{ ...sample, extra: true }, 'label.extra', /is not a label field/],
    [
      { ...sample, categories: [{ tagName: 'X', type: 'OTHER', values: [] }] },
      'label.categories[0].type',
      /must be one of/,
    ],
    [
      { ...sample, categories: [{ tagName: 'X', type: 'PERMISSIVE', values: ['A', 'A'] }] },
      'label.categories[0].values',
      /repeat/,
    ],
    [{ ...sample, creationTime: '2026-11-26 05:00' }, 'label.creationTime', /RFC 3339/],
    [{ ...sample, privacyMark: ' padded' }, 'label.privacyMark', /white space/],
    [{ ...sample, originator: 'a\u0000b' }, 'label.originator', /control characters/],
    [
      { ...sample, alternatives: [{ ...sample, alternatives: [] }] },
      'label.alternatives[0].alternatives',
      /not allowed/,
    ],
    [null, 'label', /must be an object/],
  ];
  for (const [input, field, message] of cases) {
    const result = labelFromJsonValue(input);
    assert.equal(result.ok, false, field);
    if (!result.ok) {
      assert.equal(result.field, field);
      assert.match(result.detail, message);
      assert.ok(result.detail.startsWith(`Cannot read label: ${field} `), result.detail);
    }
  }
  const syntax = parseLabelJson('{"policy":');
  assert.equal(!syntax.ok && syntax.field, 'label');
});
