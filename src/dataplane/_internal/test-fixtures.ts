/** Test helpers for the data plane's own tests: real keys and an in-memory segment sink, nothing stubbed. */
import { labelsModuleBinder } from '../format/label-binding.ts';
import type { CiphertextSegment, SegmentSink } from '../format/encrypt-segments.ts';
import type { SegmentReader } from '../format/decrypt-segments.ts';
import { sealObject, type SealedObject } from '../format/seal-object.ts';
import { MIB } from '../format/segment-crypto.ts';
import { generateNodeSigningKey, staticKeyLookup, type SigningAlgorithm } from '../keys/node-signing-key.ts';

export const OWNER = 'urn:foedera:participant:FRA';
export const LABEL = {
  policy: 'NATO',
  classification: 'NATO RESTRICTED',
  categories: [{ tagName: 'Releasable To', type: 'PERMISSIVE', values: ['FRA', 'DEU'] }],
  originator: OWNER,
  creationTime: '2026-11-26T05:00:00Z',
};

export function owner(alg: SigningAlgorithm = 'ES384') {
  const { signingKey, publicKey } = generateNodeSigningKey({ participant: OWNER, kid: 'fra-1', alg });
  const lookup = staticKeyLookup([{ participant: OWNER, kid: 'fra-1', publicKey }]);
  return { signingKey, publicKey, lookup, labelBinder: labelsModuleBinder({ signingKey, lookup }) };
}

/** Deterministic pseudo-random bytes, so a failing test shows the same data again. */
export function pattern(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export async function* chunked(data: Buffer, chunkSize: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += chunkSize)
    yield data.subarray(offset, offset + chunkSize);
}

export function memorySink(): { sink: SegmentSink; segments: Map<number, Buffer> } {
  const segments = new Map<number, Buffer>();
  return {
    segments,
    sink: async (segment: CiphertextSegment) => {
      segments.set(segment.index, Buffer.concat(segment.chunks));
    },
  };
}

export function memoryReader(
  segments: Map<number, Buffer>,
  order?: (index: number) => number,
): SegmentReader {
  return async ({ index }) => {
    const bytes = segments.get(order === undefined ? index : order(index));
    if (bytes === undefined) return undefined;
    return chunked(bytes, 64 * 1024);
  };
}

export async function sealBytes(
  data: Buffer,
  options: { segmentSize?: number; alg?: SigningAlgorithm; chunkSize?: number } = {},
): Promise<SealedObject & ReturnType<typeof owner> & { segments: Map<number, Buffer> }> {
  const who = owner(options.alg);
  const store = memorySink();
  const sealed = await sealObject({
    source: chunked(data, options.chunkSize ?? 100_000),
    sink: store.sink,
    label: LABEL,
    labelBinder: who.labelBinder,
    signingKey: who.signingKey,
    keyServiceUrl: 'https://fra.example/dataplane/keys',
    now: new Date('2026-11-26T05:30:00Z'),
    segmentSize: options.segmentSize ?? MIB,
  });
  return { ...sealed, ...who, segments: store.segments };
}
