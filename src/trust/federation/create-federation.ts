/** `foedera federation create`: a root CA, a register, an empty revocation list and one home per participant. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { createRootCertificate } from '../certificates.ts';
import { generateKeyPair, privateKeyToPem } from '../keys.ts';
import { addParticipantTo, checkSpec, type ParticipantSpec } from './add-participant.ts';
import { withCaLock } from './ca-lock.ts';
import { federationFiles } from './layout.ts';
import { publishCrl } from './publish-crl.ts';
import { writeRegister, type Register } from './register.ts';

export type CreateFederationRequest = {
  dir: string;
  name: string;
  participants: readonly ParticipantSpec[];
  now: Date;
  listenHost?: string;
  /** First port of a consecutive range (protocol, management per participant); 0 lets the system choose. */
  basePort?: number;
};

export async function createFederation(request: CreateFederationRequest): Promise<Register> {
  const files = federationFiles(request.dir);
  request.participants.forEach(checkSpec);
  const ids = request.participants.map((p) => p.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate !== undefined) {
    throw new InvalidInputError(
      'participants',
      `Cannot create federation: participant "${duplicate}" given twice`,
    );
  }
  const existing = await readdir(request.dir).catch(() => [] as string[]);
  if (existing.length > 0) {
    throw new FoederaError(
      'conflict',
      `Cannot create federation in "${request.dir}": directory is not empty`,
    );
  }
  await mkdir(join(request.dir, 'ca'), { recursive: true, mode: 0o700 });
  const keys = await generateKeyPair();
  const certificate = await createRootCertificate({ federation: request.name, keys, now: request.now });
  await writeFile(files.caKey, await privateKeyToPem(keys.privateKey), { mode: 0o600 });
  await writeFile(files.caCertificate, certificate.toString('pem') + '\n');
  const ca = { certificate, privateKey: keys.privateKey };
  const register: Register = {
    federation: request.name,
    createdAt: request.now.toISOString(),
    certificates: [],
  };

  return withCaLock(files.lock, async () => {
    await publishCrl({ dir: request.dir, ca, register, now: request.now });
    for (const [index, spec] of request.participants.entries()) {
      const base = request.basePort ?? 0;
      await addParticipantTo({
        dir: request.dir,
        ca,
        register,
        spec,
        now: request.now,
        listenHost: request.listenHost ?? '127.0.0.1',
        ports:
          base === 0
            ? { protocol: 0, management: 0 }
            : { protocol: base + 2 * index, management: base + 2 * index + 1 },
      });
    }
    await writeRegister(files.register, register);
    return register;
  });
}
