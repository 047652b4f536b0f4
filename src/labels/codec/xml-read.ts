/**
 * Reads a label from the STANAG 4774 XML syntax, safely: any DOCTYPE is refused outright (so no external entity and no
 * entity expansion can happen), input size and depth are bounded, namespaces are resolved rather than guessed from
 * prefixes, and every unexpected element or attribute is refused with a message that names the element.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeError, readLabelShape, type LabelDecodeResult } from './label-shape.ts';
import { ELEMENT, FOEDERA_LABELS_NS, ORIGINATOR_ID_TYPE, SLAB_NS } from './xml-names.ts';

export const MAX_LABEL_XML_BYTES = 256 * 1024;

type XmlElement = {
  readonly ns: string | undefined;
  readonly name: string;
  readonly path: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: string;
};

class XmlShapeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  allowBooleanAttributes: false,
  maxNestedTags: 16,
});

export function labelFromXml(xml: string): LabelDecodeResult {
  if (xml.length > MAX_LABEL_XML_BYTES)
    return decodeError('XML', `must be at most ${MAX_LABEL_XML_BYTES} characters`);
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return decodeError(
      'XML',
      'must not contain a DOCTYPE or entity declaration (external entities are refused)',
    );
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) return decodeError('XML', `is malformed at line ${valid.err.line}: ${valid.err.msg}`);
  let root: XmlElement;
  const fields = new Map<string, string>();
  try {
    root = toRoot(parser.parse(xml) as unknown[]);
    const value = readDocument(root, fields);
    const result = readLabelShape(value);
    if (result.ok) return result;
    // Name the element, not the JSON field, in what the caller sees.
    const element = fields.get(result.field) ?? root.path;
    return decodeError(element, result.detail.replace(/^Cannot read label: \S+ /, ''));
  } catch (error) {
    if (error instanceof XmlShapeError) return decodeError(error.path, error.message);
    return decodeError('XML', `could not be parsed (${(error as Error).message})`);
  }
}

function toRoot(nodes: unknown[]): XmlElement {
  const elements = nodes.filter((node) => !('#text' in (node as object)));
  const texts = nodes.filter((node) => '#text' in (node as object));
  if (elements.length !== 1 || texts.length > 0)
    throw new XmlShapeError('XML', 'must have exactly one root element');
  const node = elements[0] as Record<string, unknown>;
  const qname = Object.keys(node).find((key) => key !== ':@') ?? '';
  const scope = new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]);
  return toElement({ node, scope, path: qname.replace(/^[^:]*:/, '') });
}

/** `path` names the element for messages: local names from the root, with a position when a name repeats. */
function toElement(options: {
  node: Record<string, unknown>;
  scope: ReadonlyMap<string, string>;
  path: string;
}): XmlElement {
  const { node, path } = options;
  const qname = Object.keys(node).find((key) => key !== ':@');
  if (qname === undefined || qname.startsWith('?'))
    throw new XmlShapeError(path || 'XML', 'is a processing instruction');
  const raw = (node[':@'] ?? {}) as Record<string, string>;
  const scope = new Map(options.scope);
  const attributes = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
    else attributes.set(name, value);
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const name = colon < 0 ? qname : qname.slice(colon + 1);
  const ns = scope.get(prefix);
  if (prefix !== '' && ns === undefined)
    throw new XmlShapeError(qname, `uses the undeclared prefix "${prefix}"`);
  const children: XmlElement[] = [];
  let text = '';
  const counts = new Map<string, number>();
  for (const child of (node[qname] ?? []) as Record<string, unknown>[]) {
    if ('#text' in child) {
      text += String(child['#text']);
      continue;
    }
    const childName = (Object.keys(child).find((key) => key !== ':@') ?? '').replace(/^[^:]*:/, '');
    const n = (counts.get(childName) ?? 0) + 1;
    counts.set(childName, n);
    children.push(toElement({ node: child, scope, path: `${path}/${childName}${n > 1 ? `[${n}]` : ''}` }));
  }
  return { ns, name, path, attributes, children, text };
}

function readDocument(root: XmlElement, fields: Map<string, string>): unknown {
  if (root.ns === SLAB_NS && root.name === ELEMENT.originator)
    return readLabel({ element: root, field: 'label', fields });
  if (root.ns !== FOEDERA_LABELS_NS || root.name !== ELEMENT.wrapper) {
    throw new XmlShapeError(
      root.path,
      `is not an ${ELEMENT.originator} of STANAG 4774 (namespace ${SLAB_NS})`,
    );
  }
  noAttributes(root);
  noText(root);
  const [first, ...rest] = root.children;
  if (first === undefined || first.ns !== SLAB_NS || first.name !== ELEMENT.originator) {
    throw new XmlShapeError(root.path, `must begin with ${ELEMENT.originator}`);
  }
  const label = readLabel({ element: first, field: 'label', fields });
  const alternatives = rest.map((element, i) => {
    if (element.ns !== SLAB_NS || element.name !== ELEMENT.alternative) {
      throw new XmlShapeError(element.path, `is not expected here: only ${ELEMENT.alternative} may follow`);
    }
    return readLabel({ element, field: `label.alternatives[${i}]`, fields });
  });
  return alternatives.length === 0 ? label : { ...label, alternatives };
}

type Reading = { element: XmlElement; field: string; fields: Map<string, string> };

function readLabel({ element, field, fields }: Reading): Record<string, unknown> {
  noAttributes(element);
  noText(element);
  const children = sequence(element, [
    [ELEMENT.information, 1, 1],
    [ELEMENT.originatorId, 1, 1],
    [ELEMENT.creation, 1, 1],
  ]);
  const information = children.get(ELEMENT.information)?.[0] as XmlElement;
  const originator = children.get(ELEMENT.originatorId)?.[0] as XmlElement;
  const creation = children.get(ELEMENT.creation)?.[0] as XmlElement;
  noAttributes(information);
  noText(information);
  const parts = sequence(information, [
    [ELEMENT.policy, 1, 1],
    [ELEMENT.classification, 1, 1],
    [ELEMENT.privacyMark, 0, 1],
    [ELEMENT.category, 0, Infinity],
  ]);
  const policy = parts.get(ELEMENT.policy)?.[0] as XmlElement;
  const classification = parts.get(ELEMENT.classification)?.[0] as XmlElement;
  const privacyMark = parts.get(ELEMENT.privacyMark)?.[0];
  // The policy URI is accepted and not kept: the registry, not the document, says what a policy identifier means.
  allowAttributes(policy, ['URI']);
  noAttributes(classification);
  if (privacyMark !== undefined) noAttributes(privacyMark);
  allowAttributes(originator, ['IDType']);
  const idType = originator.attributes.get('IDType');
  if (idType !== undefined && idType !== ORIGINATOR_ID_TYPE) {
    throw new XmlShapeError(
      originator.path,
      `has IDType "${idType}"; only ${ORIGINATOR_ID_TYPE} is supported`,
    );
  }
  noAttributes(creation);
  fields.set(`${field}.policy`, policy.path);
  fields.set(`${field}.classification`, classification.path);
  fields.set(`${field}.originator`, originator.path);
  fields.set(`${field}.creationTime`, creation.path);
  fields.set(`${field}.categories`, information.path);
  if (privacyMark !== undefined) fields.set(`${field}.privacyMark`, privacyMark.path);
  const categories = (parts.get(ELEMENT.category) ?? []).map((category, i) => {
    const at = `${field}.categories[${i}]`;
    allowAttributes(category, ['TagName', 'Type', 'URI']);
    noText(category);
    const values = sequence(category, [[ELEMENT.value, 0, Infinity]]).get(ELEMENT.value) ?? [];
    fields.set(at, category.path);
    fields.set(`${at}.tagName`, category.path);
    fields.set(`${at}.type`, category.path);
    fields.set(`${at}.values`, category.path);
    return {
      tagName: required(category, 'TagName'),
      type: required(category, 'Type'),
      values: values.map((value, j) => {
        noAttributes(value);
        fields.set(`${at}.values[${j}]`, value.path);
        return textOf(value);
      }),
    };
  });
  return {
    policy: textOf(policy),
    classification: textOf(classification),
    ...(privacyMark === undefined ? {} : { privacyMark: textOf(privacyMark) }),
    categories,
    originator: textOf(originator),
    creationTime: textOf(creation),
  };
}

/** Children of `parent`, checked against an ordered content model of [name, min, max] in the 4774 namespace. */
function sequence(
  parent: XmlElement,
  model: readonly (readonly [name: string, min: number, max: number])[],
): Map<string, XmlElement[]> {
  const out = new Map<string, XmlElement[]>();
  let position = 0;
  for (const child of parent.children) {
    if (child.ns !== SLAB_NS || !model.slice(position).some(([name]) => name === child.name)) {
      const known = model.some(([name]) => name === child.name) && child.ns === SLAB_NS;
      throw new XmlShapeError(
        child.path,
        known ? `is out of order in ${parent.name}` : `is not expected in ${parent.name}`,
      );
    }
    while (position < model.length && model[position]?.[0] !== child.name) {
      const [name, min] = model[position] as readonly [string, number, number];
      if ((out.get(name)?.length ?? 0) < min) throw new XmlShapeError(parent.path, `is missing ${name}`);
      position++;
    }
    const entry = model[position];
    if (entry === undefined || child.ns !== SLAB_NS) {
      throw new XmlShapeError(child.path, `is not expected in ${parent.name}`);
    }
    const list = out.get(entry[0]) ?? [];
    if (list.length >= entry[2])
      throw new XmlShapeError(child.path, `may appear at most ${entry[2]} time(s)`);
    list.push(child);
    out.set(entry[0], list);
  }
  for (const [name, min] of model.slice(position)) {
    if ((out.get(name)?.length ?? 0) < min) throw new XmlShapeError(parent.path, `is missing ${name}`);
  }
  return out;
}

function textOf(element: XmlElement): string {
  if (element.children.length > 0) throw new XmlShapeError(element.path, 'must contain text only');
  return element.text;
}

function noText(element: XmlElement): void {
  if (element.text.trim() !== '') throw new XmlShapeError(element.path, 'must not contain text');
}

function noAttributes(element: XmlElement): void {
  allowAttributes(element, []);
}

function allowAttributes(element: XmlElement, allowed: readonly string[]): void {
  for (const name of element.attributes.keys()) {
    if (!allowed.includes(name))
      throw new XmlShapeError(element.path, `has the unexpected attribute ${name}`);
  }
}

function required(element: XmlElement, attribute: string): string {
  const value = element.attributes.get(attribute);
  if (value === undefined) throw new XmlShapeError(element.path, `is missing the attribute ${attribute}`);
  return value;
}
