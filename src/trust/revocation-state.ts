/**
 * The revocation list a node currently applies. Only a list verified against the federation CA and newer than the
 * current one replaces it; listeners (the TLS servers) are told so they refresh contexts and drop revoked peers.
 */
import type * as x509 from './x509.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { verifyCrl, type CrlRefusal, type RevocationList } from './crl.ts';
import { normaliseSerial } from './participant-identity.ts';

export type RevocationListener = (list: RevocationList) => void;

export class RevocationState {
  #current: RevocationList;
  readonly #ca: x509.X509Certificate;
  readonly #listeners = new Set<RevocationListener>();

  private constructor(ca: x509.X509Certificate, initial: RevocationList) {
    this.#ca = ca;
    this.#current = initial;
  }

  static async create(ca: x509.X509Certificate, pem: string): Promise<Result<RevocationState, CrlRefusal>> {
    const list = await verifyCrl(pem, ca);
    return list.ok ? ok(new RevocationState(ca, list.value)) : list;
  }

  get current(): RevocationList {
    return this.#current;
  }

  isRevoked(serialNumber: string): boolean {
    return this.#current.revoked.has(normaliseSerial(serialNumber));
  }

  /** Applies `pem` if it is authentic and newer; `unchanged` when it is the list already applied. */
  async apply(pem: string): Promise<Result<'applied' | 'unchanged', CrlRefusal | 'crl-stale'>> {
    const list = await verifyCrl(pem, this.#ca);
    if (!list.ok) return list;
    const then = this.#current.thisUpdate.getTime();
    const incoming = list.value.thisUpdate.getTime();
    if (incoming === then && list.value.pem === this.#current.pem) return ok('unchanged');
    if (incoming <= then) {
      return err(
        'crl-stale',
        `Revocation list of ${list.value.thisUpdate.toISOString()} is not newer than the current one`,
      );
    }
    this.#current = list.value;
    for (const listener of this.#listeners) listener(list.value);
    return ok('applied');
  }

  onChange(listener: RevocationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
