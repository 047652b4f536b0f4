/** `foedera participant add|revoke`: the CA operator admits a participant or revokes its certificate. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../shared/clock.ts';
import { addParticipant, parseParticipantSpecs } from '../../trust/federation/add-participant.ts';
import { federationFiles } from '../../trust/federation/layout.ts';
import { revokeParticipant } from '../../trust/federation/revoke-participant.ts';
import { knownNodes, pushCrl } from '../../trust/federation/push-crl.ts';
import { setParticipantEndpoint } from '../../trust/federation/set-endpoint.ts';
import { readRegister } from '../../trust/federation/register.ts';
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
    .command('endpoint')
    .description("Record a participant node's protocol URL, where revocation lists are pushed")
    .requiredOption('--dir <dir>', 'federation directory')
    .requiredOption('--id <id>', 'participant ID')
    .requiredOption('--url <url>', 'protocol endpoint, e.g. https://node.example.eu:8443')
    .action(async (options: { dir: string; id: string; url: string }) => {
      if (!/^https:\/\/[^/]/.test(options.url))
        throw new InvalidInputError('url', `Invalid --url "${options.url}": expected an https:// URL`);
      await setParticipantEndpoint({
        dir: resolve(options.dir),
        participantId: options.id,
        url: options.url,
      });
      console.log(`Endpoint of ${options.id}: ${options.url}`);
    });
  participant
    .command('revoke')
    .description(
      'Revoke the participant certificate in force, publish a new signed revocation list and push it to the known nodes',
    )
    .requiredOption('--dir <dir>', 'federation directory')
    .requiredOption('--id <id>', 'participant ID')
    .option(
      '--push <url...>',
      'protocol URLs of further nodes to push the list to (besides recorded endpoints and running homes)',
    )
    .action(async (options: { dir: string; id: string; push?: string[] }) => {
      const dir = resolve(options.dir);
      const files = federationFiles(dir);
      const { entry, crl } = await revokeParticipant({ dir, participantId: options.id, now: systemClock() });
      console.log(
        `Certificate ${entry.serialNumber} of ${entry.participantId} revoked; revocation list published to ${files.crl}`,
      );
      const targets = await knownNodes({
        dir,
        register: await readRegister(files.register),
        extra: options.push ?? [],
      });
      const outcomes = await pushCrl({
        pem: crl,
        caPem: await readFile(files.caCertificate, 'utf8'),
        targets,
      });
      for (const result of outcomes) {
        const who = `${result.target.participantId ?? 'node'} (${result.target.url})`;
        if (result.ok) console.log(`Pushed to ${who}: ${result.outcome}`);
        else console.error(`Cannot push the revocation list to ${who}: ${result.detail}`);
      }
    });
}
