/**
 * Creates a participant's home directory: its node key (0600) and certificate, the CA certificate, its identity
 * provider's signing key (0600) and empty user directory, and a config file that refers to them.
 */
import { generateKeyPair as generateNodeKeyPair, privateKeyToPem } from '../keys.ts';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeConfig } from '../../node/config/schema.ts';
import type { Country } from '../countries.ts';
import { defaultValidity, issueParticipantCertificate, type CaMaterial } from '../certificates.ts';
import { participantUri } from '../participant-identity.ts';
import { emptyUserDirectory } from '../tokens/users-file.ts';
import { HOME_FILES } from './layout.ts';
import type { RegisterEntry } from './register.ts';
import { CONFIG_FILE } from '../../node/config/load-config.ts';

export type HomeRequest = {
  home: string;
  participantId: string;
  country: Country;
  federation: string;
  ca: CaMaterial;
  now: Date;
  /** Interface the node binds; also written into the certificate as a SAN. */
  listenHost: string;
  ports: { protocol: number; management: number };
  validityDays?: number;
};

export async function createParticipantHome(request: HomeRequest): Promise<RegisterEntry> {
  const { home } = request;
  await mkdir(join(home, 'idp'), { recursive: true, mode: 0o700 });
  const keys = await generateNodeKeyPair();
  const validity = defaultValidity(request.now, request.validityDays);
  const certificate = await issueParticipantCertificate(request.ca, {
    participantId: request.participantId,
    country: request.country,
    federation: request.federation,
    publicKey: keys.publicKey,
    hosts: [...new Set(['localhost', '127.0.0.1', request.listenHost])].filter((h) => h !== '0.0.0.0'),
    ...validity,
  });
  await writeFile(join(home, HOME_FILES.key), await privateKeyToPem(keys.privateKey), { mode: 0o600 });
  await writeFile(join(home, HOME_FILES.certificate), certificate.toString('pem') + '\n');
  await writeFile(join(home, HOME_FILES.ca), request.ca.certificate.toString('pem') + '\n');

  const idpKey = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  await writeFile(join(home, HOME_FILES.idpKey), idpKey, { mode: 0o600 });
  await writeFile(join(home, HOME_FILES.users), JSON.stringify(emptyUserDirectory(), null, 2) + '\n', {
    mode: 0o600,
  });

  const config: NodeConfig = {
    participantId: request.participantId,
    federation: request.federation,
    protocol: { host: request.listenHost, port: request.ports.protocol },
    management: { host: '127.0.0.1', port: request.ports.management },
    tls: { key: HOME_FILES.key, certificate: HOME_FILES.certificate, ca: HOME_FILES.ca, crl: HOME_FILES.crl },
    idp: {
      issuer: `urn:foedera:idp:${request.participantId}`,
      audience: participantUri(request.participantId),
      key: HOME_FILES.idpKey,
      users: HOME_FILES.users,
    },
    store: { dataDir: HOME_FILES.dataDir },
  };
  await writeFile(join(home, CONFIG_FILE), JSON.stringify(config, null, 2) + '\n');
  return {
    participantId: request.participantId,
    country: request.country.alpha2,
    countryAlpha3: request.country.alpha3,
    serialNumber: certificate.serialNumber,
    issuedAt: request.now.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
  };
}
