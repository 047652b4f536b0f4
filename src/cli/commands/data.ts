/**
 * `foedera data`: a dataset's content into the node (sealed as an encrypted object), and received data opened for
 * the token's user, both streamed through the node's management API with a progress bar on stderr. `open` writes
 * to a temporary sibling renamed only when the whole plaintext arrived with the length the node announced.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Command } from 'commander';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { ApiError, readProblem } from '../client/api-error.ts';
import { addConnectionOptions, resolveConnection, type ConnectionOptions } from '../client/connection.ts';
import { createProgress } from '../output/progress.ts';

type Options = ConnectionOptions;

async function baseOf(options: Options): Promise<{ url: string; headers: Record<string, string> }> {
  const connection = await resolveConnection(options);
  return {
    url: `${connection.url}/v1/dataplane`,
    headers: { authorization: `Bearer ${connection.token}` },
  };
}

async function failureOf(response: Response, action: string): Promise<ApiError> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const problem = readProblem(body);
  return new ApiError({
    action,
    status: response.status,
    ...(problem === undefined ? { text } : { problem }),
  });
}

function byteProgress(title: string, total: number): { add(n: number): void; stop(): void } {
  const progress = createProgress({ title });
  const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
  let done = 0;
  progress.update({ state: `0 / ${mib(total)}`, done: 0, total });
  return {
    add: (n) => {
      done += n;
      progress.update({ state: `${mib(done)} / ${mib(total)}`, done, total });
    },
    stop: () => progress.stop(),
  };
}

function counting(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
}

export function dataCommand(): Command {
  const data = new Command('data').description("Put a dataset's content in, open received data");

  addConnectionOptions(
    data
      .command('put')
      .addHelpText(
        'after',
        '\nExample:\n  $ foedera data put --home ./fed/FRA --user francois --dataset urn:uuid:fuel-2026 fuel.parquet\n',
      )
      .description("Stream FILE in as the content of a dataset of this node's catalog (sealed, encrypted)")
      .argument('<file>', 'the content to put')
      .requiredOption('--dataset <id>', 'the dataset, as published in the catalog'),
  ).action(async (file: string, options: Options & { dataset: string }) => {
    const size = await stat(file).then(
      (s) => s.size,
      () => {
        throw new InvalidInputError('file', `Cannot read "${file}"`);
      },
    );
    const base = await baseOf(options);
    const url = `${base.url}/datasets/${encodeURIComponent(options.dataset)}/content`;
    const bar = byteProgress('put', size);
    const source = createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(counting(bar.add));
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'PUT',
        headers: { ...base.headers, 'content-type': 'application/octet-stream' },
        body: Readable.toWeb(source) as ReadableStream,
        duplex: 'half',
      } as RequestInit);
    } finally {
      bar.stop();
    }
    if (response.status !== 201)
      throw await failureOf(response, `Cannot put "${file}" into "${options.dataset}"`);
    console.log(JSON.stringify(await response.json(), null, 2));
  });

  addConnectionOptions(
    data
      .command('open')
      .addHelpText(
        'after',
        '\nExamples:\n  $ foedera data open --home ./fed/DEU --user dora --transfer urn:uuid:… --out fuel.parquet\n' +
          '  $ foedera data open --home ./fed/DEU --user dora --object urn:uuid:… --out fuel.parquet --purpose logistics-planning\n',
      )
      .description('Decrypt received data for the token user into --out (the owner decides and audits)')
      .option('--transfer <pid>', 'the consumer transfer process that delivered the data')
      .option('--object <id>', 'the received object')
      .requiredOption('--out <file>', 'where to write the plaintext (written only once complete)')
      .option(
        '--purpose <purpose>',
        "the purpose of this use, put to the owner's decision (default: the purpose declared when negotiating)",
      ),
  ).action(
    async (options: Options & { transfer?: string; object?: string; out: string; purpose?: string }) => {
      if ((options.transfer === undefined) === (options.object === undefined))
        throw new InvalidInputError('transfer', 'Cannot open: give exactly one of --transfer or --object');
      const path =
        options.transfer === undefined
          ? `objects/${encodeURIComponent(options.object ?? '')}/plaintext`
          : `transfers/${encodeURIComponent(options.transfer)}/plaintext`;
      const named =
        options.transfer === undefined ? `object "${options.object}"` : `transfer "${options.transfer}"`;
      const what = `Cannot open ${named}`;
      const base = await baseOf(options);
      if (options.purpose !== undefined && !/^\S+$/.test(options.purpose))
        throw new InvalidInputError('purpose', 'Cannot open: --purpose must be one term without spaces');
      const query = options.purpose === undefined ? '' : `?purpose=${encodeURIComponent(options.purpose)}`;
      const response = await fetch(`${base.url}/${path}${query}`, { headers: base.headers });
      if (response.status !== 200 || response.body === null) throw await failureOf(response, `open ${named}`);
      const expected = Number(response.headers.get('content-length'));
      const temporary = join(
        dirname(options.out),
        `.${basename(options.out)}.${randomBytes(6).toString('hex')}.partial`,
      );
      const bar = byteProgress('open', expected);
      let written = 0;
      try {
        await pipeline(
          Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
          counting((n) => {
            written += n;
            bar.add(n);
          }),
          createWriteStream(temporary, { flags: 'wx', mode: 0o600 }),
        );
        if (!Number.isSafeInteger(expected) || written !== expected)
          throw new FoederaError('open-incomplete', `${what}: ${written} of ${expected} bytes arrived`);
        await rename(temporary, options.out);
      } catch (error) {
        await rm(temporary, { force: true });
        if (error instanceof FoederaError) throw error;
        throw new FoederaError(
          'open-incomplete',
          `${what}: the node stopped before the end (${error instanceof Error ? error.message : String(error)})`,
        );
      } finally {
        bar.stop();
      }
      const via = response.headers.get('x-foedera-key-via') ?? 'grant';
      console.log(`Opened ${written} bytes into ${options.out} (key by ${via})`);
    },
  );

  addConnectionOptions(
    data
      .command('progress')
      .addHelpText(
        'after',
        '\nExample:\n  $ foedera data progress --home ./fed/DEU --user dora --transfer urn:uuid:…\n',
      )
      .description("Show how much of a consumer transfer's data has arrived")
      .requiredOption('--transfer <pid>', 'the consumer transfer process'),
  ).action(async (options: Options & { transfer: string }) => {
    const base = await baseOf(options);
    const response = await fetch(`${base.url}/transfers/${encodeURIComponent(options.transfer)}/progress`, {
      headers: base.headers,
    });
    if (response.status !== 200)
      throw await failureOf(response, `read the progress of transfer "${options.transfer}"`);
    console.log(JSON.stringify(await response.json(), null, 2));
  });

  addConnectionOptions(
    data
      .command('revoke')
      .addHelpText(
        'after',
        '\nExample:\n  $ foedera data revoke --home ./fed/FRA --user francois --agreement urn:uuid:… --reason "Exercise ended"\n',
      )
      .description('Revoke an agreement this node provides: later key requests under it are refused')
      .requiredOption('--agreement <id>', 'the agreement')
      .requiredOption('--reason <text>', 'why, for the audit log'),
  ).action(async (options: Options & { agreement: string; reason: string }) => {
    const base = await baseOf(options);
    const response = await fetch(
      `${base.url}/agreements/${encodeURIComponent(options.agreement)}/revocation`,
      {
        method: 'POST',
        headers: { ...base.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: options.reason }),
      },
    );
    if (response.status !== 201) throw await failureOf(response, `revoke agreement "${options.agreement}"`);
    console.log(JSON.stringify(await response.json(), null, 2));
  });

  return data;
}

export function registerData(program: Command): void {
  program.addCommand(dataCommand());
}
