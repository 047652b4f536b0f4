/** The request `decide()` answers and the answer it gives. */
import type {
  CompiledLabel,
  CompiledSubject,
  ConfidentialityLabel,
  PolicyRegistry,
} from '../labels/index.ts';
import type { Result } from '../shared/result.ts';
import type { CompiledPolicy } from './compile-policy.ts';
import type { DenyReason, Obligation } from './reasons.ts';
import type { DecisionContext, Participant, Subject, User } from './request.ts';

/** Only an `active` agreement grants anything; the others are final or paused states of the contract. */
export type AgreementState = 'active' | 'suspended' | 'terminated' | 'revoked';

/** A subject with its label-dominance form computed once (per token or session), see `prepareSubject()`. */
export type PreparedSubject = Subject & {
  readonly prepared: {
    readonly registry: PolicyRegistry;
    /** The (frozen) participant and user the compiled forms were made from. */
    readonly participantOf: Participant;
    readonly userOf?: User;
    readonly participant: CompiledSubject;
    readonly user?: CompiledSubject;
  };
};

export type DecisionRequest = {
  readonly subject: Subject | PreparedSubject;
  readonly resource: {
    readonly id: string;
    /** The label bound to the data; compile it once with `compileLabel()` to decide at full speed. */
    readonly label: CompiledLabel | ConfidentialityLabel;
    /**
     * The outcome of verifying the STANAG 4778 binding of label and data: the `verifyLabelBinding` result (whose
     * reason then shows in the denial), or a flag from a caller that verified it already. Absent means
     * not verified, which denies: the decision point never trusts a label it has not seen bound to the data.
     */
    readonly labelBinding?: Result<unknown, string> | boolean;
  };
  readonly agreement: {
    readonly policy: CompiledPolicy;
    readonly state: AgreementState;
  };
  /** An ODRL action: `use`, `read`, `foedera:compute`, or a full IRI. */
  readonly action: string;
  readonly context: DecisionContext;
  /**
   * `access` (the default) decides a use of the data. `contract` decides whether an organisation may agree to terms
   * about it: no person is named yet, so the participant needs only what its certificate can show (its nation is
   * releasable; its facility clearances, when it carries them, reach the classification), and every person who later
   * uses the data under the agreement must still dominate the label fully at each access.
   */
  readonly stage?: 'access' | 'contract';
  /** The registry to read an uncompiled label with; defaults to `defaultPolicyRegistry`. */
  readonly registry?: PolicyRegistry;
};

export type Decision = {
  readonly decision: 'permit' | 'deny';
  /** Every reason for a denial (empty for a permit). */
  readonly reasons: readonly DenyReason[];
  /** What a permit obliges the enforcement point to do (empty for a denial). */
  readonly obligations: readonly Obligation[];
};
