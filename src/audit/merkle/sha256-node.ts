/**
 * SHA-256 of an RFC 9162 interior node, `SHA-256(0x01 ‖ left ‖ right)`, specialised for its fixed 65-byte input
 * (FIPS 180-4 §6.2). Proof checking and tree building are nothing but this function: node:crypto's one-shot hash
 * spends more on setting up a context per call than on the two compression rounds, and a Buffer per result adds a
 * allocation. Here the second block, which holds only the last byte of `right` and the padding, has its message
 * schedule precomputed for each of the 256 values of that byte, and results can be written into a caller's buffer.
 * Checked against node:crypto and the RFC 6962 vectors by the merkle tests.
 */
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
/** Bytes hashed: 65, i.e. 520 bits, the length field of the padding. */
const INPUT_BITS = 65 * 8;

const W = new Int32Array(64);
const H = new Int32Array(8);

function expand(w: Int32Array, offset: number): void {
  for (let t = offset + 16; t < offset + 64; t++) {
    const x = w[t - 15] as number;
    const y = w[t - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
  }
}

/** The second block's 64-word schedule for each value of `right[31]`. */
const SECOND = new Int32Array(256 * 64);
for (let byte = 0; byte < 256; byte++) {
  const o = byte * 64;
  SECOND[o] = (byte << 24) | 0x800000;
  SECOND[o + 15] = INPUT_BITS;
  expand(SECOND, o);
}

function compress(w: Int32Array, offset: number): void {
  let a = H[0] as number;
  let b = H[1] as number;
  let c = H[2] as number;
  let d = H[3] as number;
  let e = H[4] as number;
  let f = H[5] as number;
  let g = H[6] as number;
  let h = H[7] as number;
  for (let t = 0; t < 64; t++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + s1 + ((e & f) ^ (~e & g)) + (K[t] as number) + (w[offset + t] as number)) | 0;
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = ((H[0] as number) + a) | 0;
  H[1] = ((H[1] as number) + b) | 0;
  H[2] = ((H[2] as number) + c) | 0;
  H[3] = ((H[3] as number) + d) | 0;
  H[4] = ((H[4] as number) + e) | 0;
  H[5] = ((H[5] as number) + f) | 0;
  H[6] = ((H[6] as number) + g) | 0;
  H[7] = ((H[7] as number) + h) | 0;
}

/**
 * Writes SHA-256(0x01 ‖ left ‖ right) into `out` (which may be `left` or `right`: both are read before it is
 * written). `left` and `right` must be 32 bytes; callers check.
 */
export function nodeHashInto(left: Uint8Array, right: Uint8Array, out: Uint8Array): Uint8Array {
  // Block 1: 0x01, left[0..31], right[0..30] — every word straddles a byte boundary by one.
  W[0] = 0x01000000 | ((left[0] as number) << 16) | ((left[1] as number) << 8) | (left[2] as number);
  for (let i = 1; i < 8; i++) {
    const j = 4 * i - 1;
    W[i] =
      ((left[j] as number) << 24) |
      ((left[j + 1] as number) << 16) |
      ((left[j + 2] as number) << 8) |
      (left[j + 3] as number);
  }
  W[8] =
    ((left[31] as number) << 24) |
    ((right[0] as number) << 16) |
    ((right[1] as number) << 8) |
    (right[2] as number);
  for (let i = 9; i < 16; i++) {
    const j = 4 * i - 33;
    W[i] =
      ((right[j] as number) << 24) |
      ((right[j + 1] as number) << 16) |
      ((right[j + 2] as number) << 8) |
      (right[j + 3] as number);
  }
  const last = right[31] as number;
  expand(W, 0);
  H.set(IV);
  compress(W, 0);
  compress(SECOND, last * 64);
  for (let i = 0; i < 8; i++) {
    const v = H[i] as number;
    out[4 * i] = v >>> 24;
    out[4 * i + 1] = v >>> 16;
    out[4 * i + 2] = v >>> 8;
    out[4 * i + 3] = v;
  }
  return out;
}
