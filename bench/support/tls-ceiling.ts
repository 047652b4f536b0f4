/**
 * The ceiling of any node-to-node transfer over mutual TLS in Node on this machine: one process sends bytes it
 * already holds, over one TLS 1.3 connection with client certificates (the federation's P-384 keys, as the nodes
 * use), to another process that only counts them. Nothing is read from or written to disk, hashed or decrypted
 * beyond TLS itself. `transfer-vs-openssl` cannot exceed `tls-loopback-vs-openssl`, whatever the data plane does.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { benchPki, type BenchMaterial } from './pki.ts';

const CHUNK = 1 << 20;

type Role = { role: 'sender'; material: BenchMaterial; bytes: number };

/** MiB/s received over one mutual-TLS connection between two processes, best of `rounds`. */
export async function tlsLoopbackMiBs(options: { bytes: number; rounds?: number }): Promise<number> {
  const pki = await benchPki(['FRA', 'DEU'] as const);
  let best = 0;
  for (let round = 0; round < (options.rounds ?? 2); round++) {
    const sender = fork(fileURLToPath(import.meta.url), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        FOEDERA_TLS_CEILING: JSON.stringify({
          role: 'sender',
          material: pki.FRA,
          bytes: options.bytes,
        } satisfies Role),
      },
    });
    try {
      const [port] = (await once(sender, 'message')) as [number];
      const started = performance.now();
      let received = 0;
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        key: pki.DEU.key,
        cert: pki.DEU.cert,
        ca: pki.DEU.ca,
        minVersion: 'TLSv1.3',
      });
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      await once(socket, 'end');
      const seconds = (performance.now() - started) / 1000;
      if (received !== options.bytes)
        throw new Error(`TLS ceiling: received ${received} of ${options.bytes} bytes`);
      best = Math.max(best, received / (1 << 20) / seconds);
    } finally {
      sender.kill();
    }
  }
  return best;
}

function runSender(role: Role): void {
  const chunk = Buffer.alloc(CHUNK, 0x5a);
  const server = tls.createServer(
    {
      key: role.material.key,
      cert: role.material.cert,
      ca: role.material.ca,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.3',
    },
    (socket) => {
      let sent = 0;
      const pump = () => {
        while (sent < role.bytes) {
          const piece = Math.min(CHUNK, role.bytes - sent);
          sent += piece;
          if (!socket.write(piece === CHUNK ? chunk : chunk.subarray(0, piece))) {
            socket.once('drain', pump);
            return;
          }
        }
        socket.end();
      };
      pump();
    },
  );
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address !== null && typeof address === 'object') process.send?.(address.port);
  });
}

const asChild = process.env['FOEDERA_TLS_CEILING'];
if (asChild !== undefined && process.send !== undefined) runSender(JSON.parse(asChild) as Role);
