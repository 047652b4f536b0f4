/** Offset pagination shared by the catalog's lists: a page of `limit` items and the offset of the next, if any. */
export type Page<T> = { readonly items: T[]; readonly next?: number };

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export function pageOf<T>(items: readonly T[], options: { offset: number; limit: number }): Page<T> {
  const end = options.offset + options.limit;
  return {
    items: items.slice(options.offset, end),
    ...(end < items.length ? { next: end } : {}),
  };
}

/** DSP continuation tokens are opaque to the consumer; ours encode the offset so that paging needs no server state. */
export function continuationToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

export function offsetOfToken(token: string | undefined): number | undefined {
  if (token === undefined) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match === null ? undefined : Number(match[1]);
}
