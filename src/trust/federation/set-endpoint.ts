/** `foedera participant endpoint`: records where a participant's node listens, for pushing revocation lists. */
import { FoederaError } from '../../shared/errors.ts';
import { withCaLock } from './ca-lock.ts';
import { federationFiles } from './layout.ts';
import { activeEntry, readRegister, writeRegister } from './register.ts';

export async function setParticipantEndpoint(options: {
  dir: string;
  participantId: string;
  url: string;
}): Promise<void> {
  const files = federationFiles(options.dir);
  await withCaLock(files.lock, async () => {
    const register = await readRegister(files.register);
    const entry = activeEntry(register, options.participantId);
    if (entry === undefined) {
      throw new FoederaError(
        'not-found',
        `Cannot record an endpoint for "${options.participantId}": no certificate in force in the register`,
      );
    }
    entry.endpoint = options.url.replace(/\/+$/, '');
    await writeRegister(files.register, register);
  });
}
