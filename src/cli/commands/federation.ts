/** `foedera federation create`: a new federation (root CA, register, revocation list) and its participants' homes. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../shared/clock.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import { parseParticipantSpecs } from '../../trust/federation/add-participant.ts';
import { createFederation } from '../../trust/federation/create-federation.ts';
import { emit } from '../output/print.ts';
import { parsePort } from '../parse.ts';

export function registerFederation(program: Command): void {
  const federation = program
    .command('federation')
    .description('Create and manage a federation (run by its CA operator)');
  federation
    .command('create')
    .description('Create a federation: root CA (ECDSA P-384), revocation list and one home per participant')
    .requiredOption('--dir <dir>', 'directory to create the federation in (must be empty or absent)')
    .requiredOption('--name <name>', 'name of the federation, e.g. "EU Defence Data Space"')
    .requiredOption(
      '--participants <list>',
      'comma-separated participant IDs; a nation is its ISO alpha-3 code (FRA), an organisation gives its country if unknown (ACME=DEU)',
    )
    .option(
      '--listen-host <host>',
      'interface the protocol endpoints bind (and their certificates name)',
      '127.0.0.1',
    )
    .option(
      '--base-port <port>',
      'first of consecutive ports (protocol, management per participant); 0 = any',
      '0',
    )
    .option('--json', 'print the federation and its participants as JSON on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ foedera federation create --dir fed --name "EU defence data space" --participants FRA,DEU,EDA --json\n',
    )
    .action(
      async (options: {
        dir: string;
        name: string;
        participants: string;
        listenHost: string;
        basePort: string;
        json?: boolean;
      }) => {
        if (options.name.trim() === '')
          throw new InvalidInputError('name', 'Invalid --name: must not be empty');
        const dir = resolve(options.dir);
        const register = await createFederation({
          dir,
          name: options.name,
          participants: parseParticipantSpecs(options.participants),
          now: systemClock(),
          listenHost: options.listenHost,
          basePort: parsePort(options.basePort, 'base-port'),
        });
        const created = {
          federation: register.federation,
          dir,
          caKey: `${dir}/ca/ca.key.pem`,
          participants: register.certificates.map((entry) => ({
            id: entry.participantId,
            country: entry.country,
            countryAlpha3: entry.countryAlpha3,
            serialNumber: entry.serialNumber,
            home: `${dir}/${entry.participantId}`,
          })),
        };
        emit(options, created, (value) =>
          [
            `Federation "${value.federation}" created in ${value.dir}`,
            ...value.participants.map(
              (p) => `  ${p.id.padEnd(8)} country ${p.country}/${p.countryAlpha3}  home ${p.home}`,
            ),
            `CA key: ${value.caKey} (keep it offline). Start a node: foedera node start --home ${value.dir}/<ID>`,
          ].join('\n'),
        );
      },
    );
}
