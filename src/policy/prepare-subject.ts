/**
 * The label-dominance form of a subject, computed once per participant certificate or user token rather than once
 * per decision. A participant is checked with its nation and its facility clearances; a user with their nationality,
 * personal clearances and the community-of-interest and special-handling values they hold.
 */
import { compileSubject, defaultPolicyRegistry } from '../labels/index.ts';
import type { CompiledSubject, LabelSubject, PolicyRegistry } from '../labels/index.ts';
import type { PreparedSubject } from './decision.ts';
import type { Participant, Subject, User } from './request.ts';

export function participantLabelSubject(participant: Participant): LabelSubject {
  return {
    nationality: participant.country,
    clearances: participant.facilityClearances ?? [],
    categoryValues: [],
  };
}

export function userLabelSubject(user: User): LabelSubject {
  return { nationality: user.nationality, clearances: user.clearances, categoryValues: user.communities };
}

/**
 * Freezes copies of the participant and user, so that the compiled form cannot drift from them; `decide()` uses
 * the compiled form only while `subject.participant` and `subject.user` are still these very objects.
 */
export function prepareSubject(
  subject: Subject,
  registry: PolicyRegistry = defaultPolicyRegistry,
): PreparedSubject {
  const participant = freezeParticipant(subject.participant);
  const user = subject.user === undefined ? undefined : freezeUser(subject.user);
  const prepared = {
    registry,
    participantOf: participant,
    participant: compileSubject(participantLabelSubject(participant), registry),
    ...(user === undefined ? {} : { userOf: user, user: compileSubject(userLabelSubject(user), registry) }),
  };
  return Object.freeze({
    participant,
    ...(user === undefined ? {} : { user }),
    prepared: Object.freeze(prepared),
  });
}

/** The compiled forms for `subject` under `registry`: the prepared ones when still valid, otherwise computed now. */
export function labelSubjects(
  subject: Subject | PreparedSubject,
  registry: PolicyRegistry,
): { participant: CompiledSubject; user: CompiledSubject | undefined } {
  if ('prepared' in subject) {
    const p = subject.prepared;
    if (p.registry === registry && p.participantOf === subject.participant && p.userOf === subject.user) {
      return { participant: p.participant, user: p.user };
    }
  }
  return {
    participant: compileSubject(participantLabelSubject(subject.participant), registry),
    user: subject.user === undefined ? undefined : compileSubject(userLabelSubject(subject.user), registry),
  };
}

function freezeParticipant(p: Participant): Participant {
  const facility = p.facilityClearances;
  return Object.freeze({
    id: p.id,
    country: p.country,
    ...(facility === undefined
      ? {}
      : { facilityClearances: Object.freeze(facility.map((c) => Object.freeze({ ...c }))) }),
  });
}

function freezeUser(u: User): User {
  return Object.freeze({
    id: u.id,
    nationality: u.nationality,
    clearances: Object.freeze(u.clearances.map((c) => Object.freeze({ ...c }))),
    communities: Object.freeze([...u.communities]),
    roles: Object.freeze([...u.roles]),
  });
}
