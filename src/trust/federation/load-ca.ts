/** Reads the CA's key and certificate from a federation directory, naming the file that is missing or wrong. */
import { readFile } from 'node:fs/promises';
import * as x509 from '../x509.ts';
import { FoederaError } from '../../shared/errors.ts';
import type { CaMaterial } from '../certificates.ts';
import { privateKeyFromPem } from '../keys.ts';
import { federationFiles } from './layout.ts';

export async function loadCa(dir: string): Promise<CaMaterial> {
  const files = federationFiles(dir);
  const [keyPem, certPem] = await Promise.all([
    readOrFail(files.caKey, 'CA key'),
    readOrFail(files.caCertificate, 'CA certificate'),
  ]);
  try {
    return { certificate: new x509.X509Certificate(certPem), privateKey: await privateKeyFromPem(keyPem) };
  } catch (cause) {
    throw new FoederaError(
      'key-unreadable',
      `Cannot parse the CA key or certificate in "${dir}": ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
}

async function readOrFail(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new FoederaError('file-unreadable', `Cannot read ${what} "${file}": ${(cause as Error).message}`, {
      cause,
    });
  }
}
