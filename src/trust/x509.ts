/**
 * The one entry to @peculiar/x509: it needs the `reflect-metadata` polyfill loaded first and a WebCrypto provider,
 * so every module imports it from here rather than from the package.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as ReturnType<typeof x509.cryptoProvider.get>);

export * from '@peculiar/x509';
