/**
 * The revocation list a node currently applies. Only a list verified against the federation CA and newer than the
 * current one replaces it; listeners (the TLS servers) are told so they refresh contexts and drop revoked peers.
 *
 * A list dated in the future is never installed early: OpenSSL treats a CRL whose `thisUpdate` has not come as
 * "not yet valid" and then refuses every client. Such a list waits (`deferred`) until its time comes, if that is
 * within `MAX_FUTURE_MS` (clocks of the CA and the node a little apart, a list issued a second ahead); a list dated
 * further ahead is refused as `crl-not-yet-valid`, since it points at a wrong clock that someone must fix.
 */
import type * as x509 from './x509.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { verifyCrl, type CrlRefusal, type RevocationList } from './crl.ts';
import { normaliseSerial } from './participant-identity.ts';

export type RevocationListener = (list: RevocationList) => void;

export type RevocationRefusal = CrlRefusal | 'crl-stale' | 'crl-not-yet-valid';

export const MAX_FUTURE_MS = 60_000;
/** Applied this long after `thisUpdate`, so that OpenSSL, which reads the clock itself, agrees it has come. */
const MARGIN_MS = 20;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export class RevocationState {
  #current: RevocationList;
  #pending: RevocationList | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #ca: x509.X509Certificate;
  readonly #clock: Clock;
  readonly #listeners = new Set<RevocationListener>();

  private constructor(options: { ca: x509.X509Certificate; initial: RevocationList; clock: Clock }) {
    this.#ca = options.ca;
    this.#current = options.initial;
    this.#clock = options.clock;
  }

  /**
   * The state with `pem` in force. A list dated a little ahead is waited for (the node starts once it is valid);
   * one dated more than `MAX_FUTURE_MS` ahead is refused.
   */
  static async create(
    ca: x509.X509Certificate,
    pem: string,
    options: { clock?: Clock } = {},
  ): Promise<Result<RevocationState, RevocationRefusal>> {
    const clock = options.clock ?? systemClock;
    const list = await verifyCrl(pem, ca);
    if (!list.ok) return list;
    const ahead = list.value.thisUpdate.getTime() - clock().getTime();
    if (ahead > MAX_FUTURE_MS) return notYetValid(list.value, clock());
    if (ahead > 0) await sleep(ahead + MARGIN_MS);
    return ok(new RevocationState({ ca, initial: list.value, clock }));
  }

  get current(): RevocationList {
    return this.#current;
  }

  /** The list waiting for its `thisUpdate`, if any. */
  get pending(): RevocationList | undefined {
    return this.#pending;
  }

  isRevoked(serialNumber: string): boolean {
    return this.#current.revoked.has(normaliseSerial(serialNumber));
  }

  /**
   * Applies `pem` if it is authentic and newer: `applied` now, `deferred` until its `thisUpdate` comes (listeners
   * are told then), `unchanged` when it is the list already applied or waiting.
   */
  async apply(pem: string): Promise<Result<'applied' | 'deferred' | 'unchanged', RevocationRefusal>> {
    const list = await verifyCrl(pem, this.#ca);
    if (!list.ok) return list;
    const incoming = list.value;
    const then = this.#current.thisUpdate.getTime();
    if (incoming.thisUpdate.getTime() === then && incoming.pem === this.#current.pem) return ok('unchanged');
    if (incoming.thisUpdate.getTime() <= then) {
      return err(
        'crl-stale',
        `Revocation list of ${incoming.thisUpdate.toISOString()} is not newer than the current one`,
      );
    }
    const now = this.#clock();
    const ahead = incoming.thisUpdate.getTime() - now.getTime();
    if (ahead > MAX_FUTURE_MS) return notYetValid(incoming, now);
    if (ahead > 0) {
      if (this.#pending?.pem === incoming.pem) return ok('unchanged');
      if (this.#pending === undefined || incoming.thisUpdate > this.#pending.thisUpdate) {
        this.#pending = incoming;
        this.#schedule(ahead);
      }
      return ok('deferred');
    }
    this.#install(incoming);
    return ok('applied');
  }

  onChange(listener: RevocationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Drops a waiting list's timer (the node is stopping). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #install(list: RevocationList): void {
    this.#current = list;
    if (this.#pending !== undefined && this.#pending.thisUpdate <= list.thisUpdate) {
      this.#pending = undefined;
      this.close();
    }
    for (const listener of this.#listeners) listener(list);
  }

  #schedule(ahead: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#due(), ahead + MARGIN_MS);
    this.#timer.unref();
  }

  #due(): void {
    this.#timer = undefined;
    const pending = this.#pending;
    if (pending === undefined || pending.thisUpdate <= this.#current.thisUpdate) return;
    const ahead = pending.thisUpdate.getTime() - this.#clock().getTime();
    if (ahead > 0) this.#schedule(ahead);
    else this.#install(pending);
  }
}

function notYetValid(list: RevocationList, now: Date): Result<never, 'crl-not-yet-valid'> {
  return err(
    'crl-not-yet-valid',
    `Revocation list of ${list.thisUpdate.toISOString()} is dated in the future (now ${now.toISOString()}): ` +
      'TLS would refuse every client with it; check the clocks of the CA and of this node',
  );
}
