/** `foedera participant add|revoke`: the CA operator admits a participant or revokes its certificate. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../shared/clock.ts';
import { addParticipant, parseParticipantSpecs } from '../../trust/federation/add-participant.ts';
import { federationFiles } from '../../trust/federation/layout.ts';
import { revokeParticipant } from '../../trust/federation/revoke-participant.ts';
import { InvalidInputError } from '../../shared/errors.ts';

export function registerParticipant(program: Command): void {
  const participant = program
    .command('participant')
    .description('Admit or revoke a participant (CA operator)');
  participant
    .command('add')
    .description('Issue a certificate for a new participant and create its home directory')
    .requiredOption('--dir <dir>', 'federation directory')
    .requiredOption('--id <id>', 'participant ID (ITA, or ACME=DEU for an organisation with its country)')
    .option('--listen-host <host>', 'interface its protocol endpoint binds', '127.0.0.1')
    .action(async (options: { dir: string; id: string; listenHost: string }) => {
      const specs = parseParticipantSpecs(options.id);
      const spec = specs[0];
      if (spec === undefined || specs.length !== 1)
        throw new InvalidInputError('id', 'Invalid --id: give one participant');
      const dir = resolve(options.dir);
      const entry = await addParticipant({ dir, spec, now: systemClock(), listenHost: options.listenHost });
      console.log(
        `Participant ${entry.participantId} (${entry.country}) added: home ${federationFiles(dir).home(entry.participantId)}`,
      );
    });
  participant
    .command('revoke')
    .description('Revoke the participant certificate in force and publish a new signed revocation list')
    .requiredOption('--dir <dir>', 'federation directory')
    .requiredOption('--id <id>', 'participant ID')
    .action(async (options: { dir: string; id: string }) => {
      const dir = resolve(options.dir);
      const { entry } = await revokeParticipant({ dir, participantId: options.id, now: systemClock() });
      console.log(
        `Certificate ${entry.serialNumber} of ${entry.participantId} revoked; revocation list published to ${federationFiles(dir).crl}`,
      );
    });
}
