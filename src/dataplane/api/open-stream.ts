/**
 * Opens a received object for the user of a management API request as a stream of plaintext. The key is obtained
 * (and a refusal answered as a problem document) before the first byte is sent; then each segment's hash and tag
 * are checked before any of its plaintext goes out. A segment that fails after the answer began cuts the response
 * short of its declared length, which a client must treat as a failure (the CLI keeps nothing in that case).
 */
import type { ServerResponse } from 'node:http';
import type { NodeContext } from '../../node/context.ts';
import type { User } from '../../policy/request.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { UserClaims } from '../../trust/tokens/claims.ts';
import { decryptSegments } from '../format/decrypt-segments.ts';
import type { DataPlaneNode } from '../node/dataplane-node.ts';
import { obtainOpeningKey } from '../open/obtain-opening-key.ts';
import { blobSegmentReader } from '../transfer/blob-segments.ts';
import { findReceived } from '../transfer/receive.ts';
import { httpKeyRequester, type KeyRequester } from '../transfer/request-key.ts';
import { written } from '../transfer/serve-segment.ts';

/** The user a consumer node vouches for when it asks the owner's key service. */
export function policyUserOf(claims: UserClaims): User {
  return {
    id: claims.subject,
    nationality: claims.nationality,
    clearances: Object.entries(claims.clearances).map(([policy, classification]) => ({
      policy,
      classification,
    })),
    communities: claims.coi,
    roles: claims.roles,
  };
}

export type PlaintextAnswer = {
  readonly objectId: string;
  readonly plaintextSize: number;
  readonly via: 'grant' | 'lease';
  /**
   * Writes the plaintext into the response `start` gives (its head sent) once the first segment verified, each piece
   * once the socket took the last; ends it when every segment verified, destroys it on a later failure. A failure
   * before anything was sent is answered instead, for the caller to refuse with. Records the outcome either way.
   */
  readonly writeTo: (start: () => ServerResponse) => Promise<Result<void, string>>;
};

export async function openAsStream(options: {
  context: NodeContext;
  node: DataPlaneNode;
  objectId: string;
  user: User;
  /** The purpose the user states; without it, the one negotiated with the agreement applies. */
  purpose?: string;
}): Promise<Result<PlaintextAnswer, string>> {
  const { context, node, objectId } = options;
  const store = context.stores.metadata;
  const known = await findReceived(store.db, objectId);
  const keyUrl = known?.manifest.body.keyAccess[0]?.url;
  const requestKey: KeyRequester =
    known === undefined || keyUrl === undefined
      ? async () => err('not-received', `Cannot open "${objectId}": it has not been received`)
      : httpKeyRequester({
          url: keyUrl,
          agent: context.peers.agent,
          recipientKeys: await node.recipientKeys(),
          checkServer: node.keys.serverCheck(known.owner),
        });
  const key = await obtainOpeningKey({
    objectId,
    user: options.user,
    ...(options.purpose === undefined ? {} : { purpose: options.purpose }),
    node: node.participant,
    store,
    keyPair: node.materials.recipient,
    ownerKeys: node.keys.lookup,
    requestKey,
    book: node.book,
    audit: node.audit,
    clock: context.clock,
  });
  if (!key.ok) return key;
  const { received, dataKey, via, record } = key.value;
  const writeTo = async (start: () => ServerResponse): Promise<Result<void, string>> => {
    let response: ServerResponse | undefined;
    const started = () => (response ??= start());
    try {
      const result = await decryptSegments({
        manifest: received.manifest,
        dataKey,
        read: blobSegmentReader(context.stores.blobs),
        // The decrypter reuses its buffer once the sink returns: the socket must have taken the piece by then.
        sink: (chunk) => written(started(), chunk),
      });
      await record(result.ok ? { ok: true, value: { bytes: result.value.plaintextSize } } : result);
      if (!result.ok) {
        response?.destroy(new Error(result.detail));
        return result;
      }
      started().end();
      return ok(undefined);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const failed = err('open-interrupted', `Cannot open "${objectId}": ${detail}`);
      await record(failed).catch(() => {});
      response?.destroy();
      return failed;
    } finally {
      dataKey.fill(0);
    }
  };
  return ok({ objectId, plaintextSize: received.manifest.body.encryption.plaintextSize, via, writeTo });
}
