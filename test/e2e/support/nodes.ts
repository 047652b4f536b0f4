/**
 * Set-up steps e2e tests repeat on a node's home before starting it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Gives the node a fixed protocol port, kept across its restarts: the DataAddress, the manifest and the key service
 * URL a consumer holds name it.
 */
export async function pinProtocolPort(home: string): Promise<void> {
  const file = join(home, 'foedera.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as { protocol: { port: number } };
  config.protocol.port = await freePort();
  await writeFile(file, JSON.stringify(config, null, 2));
}
