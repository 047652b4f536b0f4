/**
 * The files of a federation directory, as `foedera federation create` lays them out:
 *
 *     DIR/ca/ca.key.pem        CA private key (0600) — keep offline in production
 *     DIR/ca/register.json     the CA's register of participants and their certificates
 *     DIR/ca.crt.pem           the federation root certificate (public)
 *     DIR/crl.pem              the signed revocation list (public; nodes watch it)
 *     DIR/<ID>/                one home per participant (see `participant-home.ts`)
 */
import { join } from 'node:path';

export const federationFiles = (dir: string) => ({
  caKey: join(dir, 'ca', 'ca.key.pem'),
  register: join(dir, 'ca', 'register.json'),
  lock: join(dir, 'ca', '.lock'),
  caCertificate: join(dir, 'ca.crt.pem'),
  crl: join(dir, 'crl.pem'),
  home: (participantId: string) => join(dir, participantId),
});

/** Files inside a participant home, relative to it (the config refers to them this way). */
export const HOME_FILES = {
  key: 'node.key.pem',
  certificate: 'node.crt.pem',
  ca: 'ca.crt.pem',
  crl: '../crl.pem',
  idpKey: 'idp/signing-key.pem',
  users: 'idp/users.json',
  dataDir: 'data',
} as const;
