import { sql, type RawBuilder } from 'kysely';

/**
 * A JSON value as a `jsonb` query parameter. node-postgres would send a JS array as a PostgreSQL array literal,
 * so JSON goes over the wire as text and is cast, the same way on both adapters.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`${JSON.stringify(value)}::jsonb`;
}
