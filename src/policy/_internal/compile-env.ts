/** What the compiler of one policy carries around: its settings and where it reports problems. */
import type { AtomicConstraint } from '../model.ts';
import type { DenyCode } from '../reasons.ts';
import type { Hierarchy } from '../regions.ts';
import type { LeftOperandName, OperatorName } from '../vocabulary.ts';

export type CompileEnv = {
  readonly hierarchy: Hierarchy;
  /** Agreement timestamp (epoch ms): the origin of `elapsedTime`. */
  readonly timestamp: number | undefined;
  /** A malformed policy: it will not compile. */
  invalid(field: string, message: string): void;
  /** Well-formed but not understood: it compiles, and every decision under it denies with this reason. */
  unsupported(code: DenyCode, detail: string): void;
};

export type OperandSpec = {
  readonly constraint: AtomicConstraint;
  readonly operand: LeftOperandName;
  readonly operator: OperatorName;
  readonly env: CompileEnv;
};
