/**
 * `foedera trust revocation|events|crl|probe`: what a running node trusts: the revocation list in force, its trust
 * events (refused TLS clients, lists applied), the lists it kept, and a mutual-TLS probe of a peer.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import { emit } from '../output/print.ts';
import { withSpinner } from '../output/progress.ts';
import { fields, table } from '../output/table.ts';

const EVENT_KINDS = ['tls-refused', 'crl-applied', 'node-started', 'node-stopped'];

export function registerTrust(program: Command): void {
  const trust = program
    .command('trust')
    .description('What a running node trusts: revocation, trust events, peers');

  apiVerb(trust, {
    name: 'revocation',
    description: 'Show the revocation list the node applies now',
    examples: ['foedera trust revocation --home fed/FRA --user alice'],
  }).action(async (options: ApiOptions) => {
    const list = await (await clientFor(options)).revocation();
    emit(options, list, (l) =>
      fields([
        ['this update', l.thisUpdate],
        ['next update', l.nextUpdate ?? 'none'],
        ['revoked serials', l.revoked.length === 0 ? 'none' : l.revoked.join(', ')],
      ]),
    );
  });

  apiVerb(trust, {
    name: 'events',
    description:
      'List trust events, newest first: refused TLS clients, revocation lists applied, starts and stops',
    examples: ['foedera trust events --home fed/FRA --user alice --kind tls-refused --limit 20'],
  })
    .option('--kind <kind>', `only this kind (${EVENT_KINDS.join(', ')})`)
    .option('--limit <n>', 'at most this many (1-1000)', positiveInteger('limit'))
    .action(async (options: ApiOptions & { kind?: string; limit?: number }) => {
      if (options.kind !== undefined && !EVENT_KINDS.includes(options.kind)) {
        throw new InvalidInputError(
          'kind',
          `Invalid --kind "${options.kind}": one of ${EVENT_KINDS.join(', ')}`,
        );
      }
      const answer = await (
        await clientFor(options)
      ).trustEvents({
        ...(options.kind === undefined ? {} : { kind: options.kind }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
      });
      emit(options, answer, (a) =>
        a.events.length === 0
          ? 'No trust events'
          : table(a.events, [
              { header: 'at', value: (e) => e.at },
              { header: 'kind', value: (e) => e.kind },
              {
                header: 'detail',
                value: (e) =>
                  Object.entries(e)
                    .filter(([k]) => k !== 'at' && k !== 'kind')
                    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                    .join(' '),
              },
            ]),
      );
    });

  apiVerb(trust, {
    name: 'crl',
    description: 'Print (or save) a revocation list the node applied, by its SHA-256 from `trust events`',
    examples: ['foedera trust crl 3f5a… --home fed/FRA --user alice -o applied.crl.pem'],
  })
    .argument('<sha256>', 'hex SHA-256 of the list')
    .option('-o, --out <file>', 'write the PEM to this file instead of stdout')
    .action(async (sha256: string, options: ApiOptions & { out?: string }) => {
      if (!/^[0-9a-f]{64}$/.test(sha256)) {
        throw new InvalidInputError(
          'sha256',
          `Invalid <sha256> "${sha256}": expected 64 lower-case hex digits`,
        );
      }
      const pem = await (await clientFor(options)).crl(sha256);
      if (options.out === undefined) {
        emit(options, { sha256, pem }, (c) => c.pem.trimEnd());
        return;
      }
      await writeFile(options.out, pem);
      emit(options, { sha256, file: options.out }, (c) => `Wrote ${c.file}`);
    });

  apiVerb(trust, {
    name: 'probe',
    description:
      "Call a peer's protocol endpoint over mutual TLS from the node: the first check that two nodes can talk",
    examples: ['foedera trust probe --home fed/FRA --user alice --address https://127.0.0.1:8444 --peer DEU'],
  })
    .requiredOption('--address <url>', "the peer's protocol endpoint (https://host:port)")
    .option('--peer <id>', 'participant id the peer must prove to be')
    .action(async (options: ApiOptions & { address: string; peer?: string }) => {
      if (!options.address.startsWith('https://')) {
        throw new InvalidInputError(
          'address',
          `Invalid --address "${options.address}": expected https://host:port`,
        );
      }
      const client = await clientFor(options);
      const result = await withSpinner(`probing ${options.address}`, () =>
        client.probe({
          url: options.address,
          ...(options.peer === undefined ? {} : { participant: options.peer }),
        }),
      );
      emit(options, result, (r) => `Peer ${r.peer} answered HTTP ${r.status} over mutual TLS`);
    });
}
