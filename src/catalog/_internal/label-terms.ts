/** Reading the Foedera label and binding carried in a DSP dataset. */
import { labelFromJsonValue, type LabelBinding } from '../../labels/index.ts';

export { labelFromJsonValue };

const DIGEST = /^[A-Za-z0-9_-]{64}$/;

/** The binding when its shape is right, `null` when it is not (it is verified later, against the data). */
export function readLabelBinding(value: unknown): LabelBinding | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v).sort().join(',');
  if (keys !== 'dataDigest,jws,labelDigest,version' || v.version !== 1) return null;
  if (typeof v.dataDigest !== 'string' || typeof v.labelDigest !== 'string' || typeof v.jws !== 'string')
    return null;
  if (!DIGEST.test(v.dataDigest) || !DIGEST.test(v.labelDigest)) return null;
  return { version: 1, dataDigest: v.dataDigest, labelDigest: v.labelDigest, jws: v.jws };
}
