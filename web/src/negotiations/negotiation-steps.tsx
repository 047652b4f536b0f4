/**
 * A negotiation's path through the Dataspace Protocol states, as a step list: done, current, still to come, or cut
 * short by TERMINATED with the reason the counterparty or the decision point gave.
 */
import type { NegotiationState } from '../../../src/protocol/messages/types.ts';
import { NEGOTIATION_PATH, stepStatus } from './steps.ts';

const WORDS: Readonly<Record<NegotiationState, string>> = {
  REQUESTED: 'Requested',
  OFFERED: 'Offered',
  ACCEPTED: 'Accepted',
  AGREED: 'Agreed',
  VERIFIED: 'Verified',
  FINALIZED: 'Finalized',
  TERMINATED: 'Terminated',
};

export function NegotiationSteps(props: {
  state: NegotiationState;
  reached?: NegotiationState;
  reason?: string;
}) {
  return (
    <div className="steps-wrap">
      <ol className="steps" aria-label={`Negotiation ${WORDS[props.state].toLowerCase()}`}>
        {NEGOTIATION_PATH.map((step) => {
          const status = stepStatus(step, { state: props.state, reached: props.reached });
          return (
            <li
              key={step}
              className={`step step-${status}`}
              aria-current={status === 'current' ? 'step' : undefined}
            >
              {WORDS[step]}
            </li>
          );
        })}
      </ol>
      {props.state === 'TERMINATED' && (
        <p className="notice notice-error" role="status">
          Terminated{props.reason === undefined ? '' : `: ${props.reason}`}
        </p>
      )}
    </div>
  );
}
