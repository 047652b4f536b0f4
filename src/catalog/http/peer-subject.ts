/**
 * A calling participant as the catalog judges it: by its certificate's nation. Participant certificates carry no
 * facility clearance, so no clearance is checked for listing; users' clearances are checked at access time.
 */
import { compileSubject, defaultPolicyRegistry, type CompiledSubject } from '../../labels/index.ts';
import type { ParticipantIdentity } from '../../trust/participant-identity.ts';

export function peerSubject(peer: ParticipantIdentity): CompiledSubject {
  return compileSubject(
    { nationality: peer.countryAlpha3, clearances: [], categoryValues: [] },
    defaultPolicyRegistry,
  );
}
