/** `and`, `andSequence`, `or` and `xone` over compiled constraints, in three-valued logic, collecting every reason. */
import type { LogicalOperator } from '../model.ts';
import type { DenyReason } from '../reasons.ts';
import { FALSE, TRUE, UNKNOWN } from './truth.ts';
import type { Check, Truth } from './truth.ts';

export function compileLogical(options: {
  kind: LogicalOperator;
  path: string;
  children: readonly Check[];
}): Check {
  const { kind, path, children } = options;
  switch (kind) {
    // The order of andSequence matters to the actions it governs, not to whether they all hold now.
    case 'and':
    case 'andSequence':
      return allOf(children);
    case 'or':
      return (input, sink) => {
        let result: Truth = FALSE;
        for (const child of children) {
          const t = child(input, null);
          if (t === TRUE) return TRUE;
          if (t === UNKNOWN) result = UNKNOWN;
        }
        if (sink !== null) for (const child of children) child(input, sink);
        return result;
      };
    case 'xone':
      return (input, sink) => {
        let holding = 0;
        let unknown = false;
        for (const child of children) {
          const t = child(input, null);
          if (t === TRUE) holding++;
          else if (t === UNKNOWN) unknown = true;
        }
        const result: Truth = holding > 1 ? FALSE : unknown ? UNKNOWN : holding === 1 ? TRUE : FALSE;
        if (result !== TRUE && sink !== null) {
          if (holding > 1) sink.push(tooMany(path, holding));
          else for (const child of children) child(input, sink);
        }
        return result;
      };
  }
}

/** Conjunction. Without a sink it stops at the first FALSE; with one it visits every child to report every reason. */
export function allOf(children: readonly Check[]): Check {
  if (children.length === 1 && children[0] !== undefined) return children[0];
  return (input, sink) => {
    let result: Truth = TRUE;
    for (const child of children) {
      const t = child(input, sink);
      if (t === FALSE) {
        result = FALSE;
        if (sink === null) return FALSE;
      } else if (t === UNKNOWN && result === TRUE) result = UNKNOWN;
    }
    return result;
  };
}

function tooMany(path: string, holding: number): DenyReason {
  return {
    code: 'constraint-not-satisfied',
    detail: `${path}: xone needs exactly one constraint to hold, ${holding} do`,
  };
}
