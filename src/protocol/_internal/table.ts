/** Shared shape of the negotiation and transfer transition tables: data, read by pure functions. */
export type Role = 'provider' | 'consumer';

export const INITIAL = 'INITIAL';
export type Initial = typeof INITIAL;

export type TransitionRow<S extends string, G extends string> = {
  readonly signal: G;
  /** Who may send this signal; the other party receives it. */
  readonly sender: Role | 'either';
  readonly from: readonly (S | Initial)[];
  readonly to: S;
};

export const otherRole = (role: Role): Role => (role === 'provider' ? 'consumer' : 'provider');

export function findRow<S extends string, G extends string>(
  table: readonly TransitionRow<S, G>[],
  query: { signal: G; sender: Role; from: S | Initial },
): TransitionRow<S, G> | undefined {
  return table.find(
    (row) =>
      row.signal === query.signal &&
      (row.sender === 'either' || row.sender === query.sender) &&
      row.from.includes(query.from),
  );
}

/** The table seen from one role: what it may receive from its counterparty and what it may send. */
export function tableForRole<S extends string, G extends string>(
  table: readonly TransitionRow<S, G>[],
  role: Role,
): { receives: TransitionRow<S, G>[]; sends: TransitionRow<S, G>[] } {
  return {
    receives: table.filter((row) => row.sender === 'either' || row.sender === otherRole(role)),
    sends: table.filter((row) => row.sender === 'either' || row.sender === role),
  };
}
