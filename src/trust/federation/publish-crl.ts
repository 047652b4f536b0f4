/**
 * Issues a new revocation list from the register and publishes it to `DIR/crl.pem`, where every node of a shared
 * directory picks it up. `thisUpdate` always moves forward by at least a second (the CRL's time resolution), so that
 * nodes, which apply only a newer list, never ignore a revocation made in the same second as the previous one. It is
 * never dated in the future either (OpenSSL refuses every client while its CRL is not yet valid): a second revocation
 * within the same second waits for the next second instead.
 */
import { readFile } from 'node:fs/promises';
import { FoederaError } from '../../shared/errors.ts';
import * as x509 from '../x509.ts';
import { issueCrl } from '../crl.ts';
import type { CaMaterial } from '../certificates.ts';
import { federationFiles } from './layout.ts';
import type { Register } from './register.ts';
import { writeFileAtomic } from './write-atomic.ts';

const MAX_WAIT_MS = 2000;

export async function publishCrl(options: {
  dir: string;
  ca: CaMaterial;
  register: Register;
  now: Date;
}): Promise<string> {
  const file = federationFiles(options.dir).crl;
  const nowSeconds = Math.floor(options.now.getTime() / 1000) * 1000;
  const previous = await previousThisUpdate(file);
  const thisUpdate = new Date(Math.max(nowSeconds, previous === undefined ? 0 : previous.getTime() + 1000));
  const ahead = thisUpdate.getTime() - options.now.getTime();
  if (ahead > MAX_WAIT_MS) {
    throw new FoederaError(
      'conflict',
      `Cannot publish a revocation list: "${file}" is dated ${previous?.toISOString()}, after now (${options.now.toISOString()}); check the CA's clock`,
    );
  }
  if (ahead > 0) await new Promise((done) => setTimeout(done, ahead));
  const entries = options.register.certificates
    .filter((e) => e.revokedAt !== undefined)
    .map((e) => ({ serialNumber: e.serialNumber, revokedAt: new Date(e.revokedAt ?? 0) }));
  const pem = await issueCrl(options.ca, { entries, now: thisUpdate });
  await writeFileAtomic(file, pem + '\n', 0o644);
  return pem;
}

async function previousThisUpdate(file: string): Promise<Date | undefined> {
  try {
    return new x509.X509Crl(await readFile(file, 'utf8')).thisUpdate;
  } catch {
    return undefined;
  }
}
