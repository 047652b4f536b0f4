/** Who asks, for what, and in which circumstances: the inputs of a policy evaluation and of `decide()`. */

/** A clearance under one label policy (`{ policy: 'NATO', classification: 'SECRET' }`), as the labels module reads it. */
export type Clearance = { readonly policy: string; readonly classification: string };

/** The node that asks, as its federation certificate describes it. */
export type Participant = {
  readonly id: string;
  /** ISO 3166-1 alpha-3 code of the participant's nation. */
  readonly country: string;
  /** The facility security clearances of the organisation, when its certificate carries them. */
  readonly facilityClearances?: readonly Clearance[];
};

/** The person on whose behalf the node asks, as its token describes them. */
export type User = {
  readonly id: string;
  readonly nationality: string;
  readonly clearances: readonly Clearance[];
  /** Community-of-interest and special-handling values the user holds (RESTRICTIVE category values). */
  readonly communities: readonly string[];
  readonly roles: readonly string[];
};

export type Subject = { readonly participant: Participant; readonly user?: User };

export type DecisionContext = {
  /** The decision instant: epoch milliseconds or a Date. Time is an input, never read from a clock here. */
  readonly now: number | Date;
  readonly purpose?: string;
  /** How many times the action was already exercised under the agreement (this use would be use `useCount + 1`). */
  readonly useCount?: number;
  /** The party that receives the result; defaults to the asking participant. */
  readonly recipientParticipant?: string;
  /** Where the action takes place (ISO 3166-1 alpha-3, or a region such as `EU`). */
  readonly location?: string;
  /** Whether this use passes the data on to a party other than the assignee. */
  readonly onwardTransfer?: boolean;
};

/** What a usage policy is evaluated against. */
export type PolicyInput = {
  /** The requested action: an ODRL term (`use`, `read`), a CURIE (`foedera:compute`) or a full IRI. */
  readonly action: string;
  readonly subject: Subject;
  readonly context: DecisionContext;
  readonly resource?: { readonly id?: string };
};
