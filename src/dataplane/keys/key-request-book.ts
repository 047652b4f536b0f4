/**
 * The recipient's record of the key requests it has in flight. Each request carries a fresh nonce; an answer is
 * accepted once, only for a nonce this node issued, for the same object and agreement, before it expires. A
 * replayed answer (its nonce already used, or never issued here) is refused.
 */
import { randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Clock } from '../../shared/clock.ts';

type Pending = { objectId: string; agreementId: string; expiresAt: number };

export type NonceRefusal = 'replayed-key-response' | 'key-response-expired';

export class KeyRequestBook {
  readonly #pending = new Map<string, Pending>();
  readonly #clock: Clock;
  readonly #ttlMs: number;

  constructor(options: { clock: Clock; ttlSeconds?: number }) {
    this.#clock = options.clock;
    this.#ttlMs = (options.ttlSeconds ?? 120) * 1000;
  }

  issue(request: { objectId: string; agreementId: string }): string {
    this.#sweep();
    const nonce = randomBytes(18).toString('base64url');
    this.#pending.set(nonce, { ...request, expiresAt: this.#clock().getTime() + this.#ttlMs });
    return nonce;
  }

  /** Consumes the nonce: the same answer is never accepted twice. */
  redeem(response: {
    nonce: string;
    objectId: string;
    agreementId: string;
    exp: number;
  }): Result<void, NonceRefusal> {
    const pending = this.#pending.get(response.nonce);
    const now = this.#clock().getTime();
    if (
      pending === undefined ||
      pending.objectId !== response.objectId ||
      pending.agreementId !== response.agreementId
    ) {
      return err(
        'replayed-key-response',
        `Cannot accept key response for "${response.objectId}": its nonce is not one this node is waiting for`,
      );
    }
    this.#pending.delete(response.nonce);
    if (pending.expiresAt <= now || response.exp * 1000 <= now) {
      return err('key-response-expired', `Cannot accept key response for "${response.objectId}": it expired`);
    }
    return ok(undefined);
  }

  #sweep(): void {
    const now = this.#clock().getTime();
    for (const [nonce, pending] of this.#pending) if (pending.expiresAt <= now) this.#pending.delete(nonce);
  }
}
