/** `foedera participant revoke`: marks the participant's certificate revoked and publishes a new signed list. */
import { FoederaError } from '../../shared/errors.ts';
import { withCaLock } from './ca-lock.ts';
import { federationFiles } from './layout.ts';
import { loadCa } from './load-ca.ts';
import { publishCrl } from './publish-crl.ts';
import { activeEntry, readRegister, writeRegister, type RegisterEntry } from './register.ts';

export async function revokeParticipant(options: {
  dir: string;
  participantId: string;
  now: Date;
}): Promise<{ entry: RegisterEntry; crl: string }> {
  const files = federationFiles(options.dir);
  const ca = await loadCa(options.dir);
  return withCaLock(files.lock, async () => {
    const register = await readRegister(files.register);
    const entry = activeEntry(register, options.participantId);
    if (entry === undefined) {
      throw new FoederaError(
        'not-found',
        `Cannot revoke "${options.participantId}": no certificate in force in the register`,
      );
    }
    entry.revokedAt = options.now.toISOString();
    // The register records the revocation only once the signed list that carries it is published.
    const crl = await publishCrl({ dir: options.dir, ca, register, now: options.now });
    await writeRegister(files.register, register);
    return { entry, crl };
  });
}
