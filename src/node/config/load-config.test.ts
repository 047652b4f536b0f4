import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../../shared/errors.ts';
import { parseNodeConfig } from './load-config.ts';

const VALID = {
  participantId: 'FRA',
  federation: 'Test',
  protocol: { host: '127.0.0.1', port: 0 },
  management: { host: '127.0.0.1', port: 0 },
  tls: { key: 'node.key.pem', certificate: 'node.crt.pem', ca: 'ca.crt.pem', crl: '../crl.pem' },
  idp: { issuer: 'urn:foedera:idp:FRA', audience: 'urn:foedera:participant:FRA', key: 'idp/signing-key.pem' },
  store: { dataDir: 'data' },
};

function failure(json: unknown): InvalidInputError {
  try {
    parseNodeConfig(JSON.stringify(json), '/homes/FRA/foedera.json');
  } catch (error) {
    assert.ok(error instanceof InvalidInputError);
    return error;
  }
  assert.fail('expected the config to be refused');
}

test('parseNodeConfig() accepts a complete config', () => {
  assert.equal(parseNodeConfig(JSON.stringify(VALID), 'f').participantId, 'FRA');
});

test('a bad config names the file and the field', () => {
  const port = failure({ ...VALID, protocol: { host: '127.0.0.1', port: 70000 } });
  assert.equal(port.field, 'protocol.port');
  assert.match(
    port.message,
    /^Invalid node config "\/homes\/FRA\/foedera\.json": field "protocol\.port" must be <= 65535$/,
  );
  const { key: _key, ...tls } = VALID.tls;
  const missing = failure({ ...VALID, tls });
  assert.equal(missing.field, 'tls.key');
  assert.match(missing.message, /field "tls\.key" is missing/);
  const extra = failure({ ...VALID, store: { dataDir: 'data', dataDirectory: 'x' } });
  assert.equal(extra.field, 'store.dataDirectory');
  assert.match(extra.message, /is not allowed/);
  assert.match(
    (() => {
      try {
        parseNodeConfig('{ "participantId": ', '/homes/FRA/foedera.json');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })(),
    /^Cannot parse node config "\/homes\/FRA\/foedera\.json"/,
  );
});
