/**
 * Compile-time ties between the console's readers (resources.ts) and the node's OpenAPI document (schema.d.ts): for
 * each response the node describes, the names the console reads must be names the document declares, with the
 * declared types. Regenerating schema.d.ts after a route changes makes a drift a type error here, not a broken screen.
 */
import type { ReceivedRow, TransferProgressRow } from './resources.ts';
import type { paths } from './schema.d.ts';

type Json<T> = T extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

type ReceivedItem = Json<paths['/v1/dataplane/received']['get']>['items'][number];
type Progress = Json<paths['/v1/dataplane/transfers/{pid}/progress']['get']>;

/** Every field a received row keeps comes from the served item with a compatible type. */
export type ReceivedFromServed = {
  [K in keyof ReceivedRow]-?: K extends keyof ReceivedItem
    ? NonNullable<ReceivedItem[K]> extends NonNullable<ReceivedRow[K]>
      ? true
      : never
    : never;
};
export const RECEIVED_FROM_SERVED: ReceivedFromServed = {
  objectId: true,
  owner: true,
  agreementId: true,
  state: true,
  transfer: true,
  plaintextSize: true,
  lease: true,
};

export const PROGRESS_FROM_SERVED: {
  state: Progress['state'] extends TransferProgressRow['state'] ? true : never;
  bytes: Progress['bytes'] extends { total: number; received: number } ? true : never;
  segments: Progress['segments'] extends { total: number; received: number } ? true : never;
  objectId: NonNullable<Progress['objectId']> extends string ? true : never;
  error: NonNullable<Progress['error']> extends string ? true : never;
} = { state: true, bytes: true, segments: true, objectId: true, error: true };
