/** Reads the node's key material from its home, with errors that name the file and what is wrong with it. */
import { createPrivateKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as x509 from '../trust/x509.ts';
import { FoederaError } from '../shared/errors.ts';
import type { NodeConfig } from './config/schema.ts';

export type TlsFiles = { key: string; certificate: string; ca: string; crl: string };

export function resolveInHome(home: string, path: string): string {
  return isAbsolute(path) ? path : join(home, path);
}

export async function readTlsFiles(home: string, config: NodeConfig): Promise<TlsFiles> {
  const keyFile = resolveInHome(home, config.tls.key);
  const certificateFile = resolveInHome(home, config.tls.certificate);
  const caFile = resolveInHome(home, config.tls.ca);
  const [key, certificate, ca, crl] = await Promise.all([
    readPem(keyFile, 'node key'),
    readPem(certificateFile, 'node certificate'),
    readPem(caFile, 'federation CA certificate'),
    readPem(resolveInHome(home, config.tls.crl), 'revocation list'),
  ]);
  // Parsed here so that a damaged file is named, rather than reported by TLS as an anonymous decoder error.
  parse(keyFile, 'node key', () => createPrivateKey(key));
  parse(certificateFile, 'node certificate', () => new x509.X509Certificate(certificate));
  parse(caFile, 'federation CA certificate', () => new x509.X509Certificate(ca));
  const mode = (await stat(keyFile)).mode & 0o077;
  if (mode !== 0) {
    throw new FoederaError(
      'key-exposed',
      `Refusing node key "${keyFile}": readable by group or others (chmod 600)`,
    );
  }
  return { key, certificate, ca, crl };
}

/** Checks that the node's certificate was issued by the federation CA it is configured with. */
export async function checkChain(files: TlsFiles, home: string): Promise<x509.X509Certificate> {
  const ca = new x509.X509Certificate(files.ca);
  const cert = new x509.X509Certificate(files.certificate);
  if (!(await cert.verify({ publicKey: ca, signatureOnly: true }))) {
    throw new FoederaError(
      'certificate-foreign',
      `Node certificate in "${home}" was not issued by its federation CA`,
    );
  }
  return ca;
}

function parse(file: string, what: string, read: () => unknown): void {
  try {
    read();
  } catch (cause) {
    throw new FoederaError('file-unreadable', `Cannot parse ${what} "${file}": ${(cause as Error).message}`, {
      cause,
    });
  }
}

async function readPem(file: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new FoederaError('file-unreadable', `Cannot read ${what} "${file}": ${(cause as Error).message}`, {
      cause,
    });
  }
  if (!text.includes('-----BEGIN ')) {
    throw new FoederaError('file-unreadable', `Cannot read ${what} "${file}": not PEM`);
  }
  return text;
}
