/**
 * Prepared statements for the PostgreSQL adapter: each parameterised statement text a connection sends is given a
 * name the first time, so the server parses and plans it once per connection instead of at every execution (the
 * protocol and audit paths send the same few statements thousands of times). Statements without parameters (BEGIN,
 * COMMIT, DDL) stay unnamed, and past `limit` distinct texts a connection names nothing more, so a statement whose text
 * varies (an IN list of varying length) cannot grow the server's cache without bound.
 */
import type pg from 'pg';

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;

export function nameStatements(client: pg.ClientBase, options: { limit: number }): void {
  const target = client as unknown as { query: Query };
  const query = target.query.bind(client) as Query;
  const names = new Map<string, string>();
  target.query = (config, values, callback) => {
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined) {
      let name = names.get(config);
      if (name === undefined && names.size < options.limit) {
        name = `foedera_${names.size}`;
        names.set(config, name);
      }
      if (name !== undefined) return query({ name, text: config, values });
    }
    return query(config, values, callback);
  };
}
