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
import { emit, note } from '../output/print.ts';

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
    .option('--json', 'print the new participant as JSON on stdout')
    .addHelpText('after', '\nExample:\n  $ foedera participant add --dir fed --id ITA --json\n')
    .action(async (options: { dir: string; id: string; listenHost: string; json?: boolean }) => {
      const specs = parseParticipantSpecs(options.id);
      const spec = specs[0];
      if (spec === undefined || specs.length !== 1)
        throw new InvalidInputError('id', 'Invalid --id: give one participant');
      const dir = resolve(options.dir);
      const entry = await addParticipant({ dir, spec, now: systemClock(), listenHost: options.listenHost });
      const added = {
        id: entry.participantId,
        country: entry.country,
        countryAlpha3: entry.countryAlpha3,
        serialNumber: entry.serialNumber,
        home: federationFiles(dir).home(entry.participantId),
      };
      emit(options, added, (p) => `Participant ${p.id} (${p.country}) added: home ${p.home}`);
    });
  participant
    .command('endpoint')
    .description("Record a participant node's protocol URL, where revocation lists are pushed")
    .requiredOption('--dir <dir>', 'federation directory')
    .requiredOption('--id <id>', 'participant ID')
    .requiredOption('--url <url>', 'protocol endpoint, e.g. https://node.example.eu:8443')
    .option('--json', 'print the recorded endpoint as JSON on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ foedera participant endpoint --dir fed --id ITA --url https://node.ita.example.eu:8443 --json\n',
    )
    .action(async (options: { dir: string; id: string; url: string; json?: boolean }) => {
      if (!/^https:\/\/[^/]/.test(options.url))
        throw new InvalidInputError('url', `Invalid --url "${options.url}": expected an https:// URL`);
      await setParticipantEndpoint({
        dir: resolve(options.dir),
        participantId: options.id,
        url: options.url,
      });
      emit(options, { id: options.id, url: options.url }, (e) => `Endpoint of ${e.id}: ${e.url}`);
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
    .option('--json', 'print the revocation and each push outcome as JSON on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  $ foedera participant revoke --dir fed --id ITA --push https://10.0.0.7:8443 --json\n',
    )
    .action(async (options: { dir: string; id: string; push?: string[]; json?: boolean }) => {
      const dir = resolve(options.dir);
      const files = federationFiles(dir);
      const { entry, crl } = await revokeParticipant({ dir, participantId: options.id, now: systemClock() });
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
      const revoked = {
        id: entry.participantId,
        serialNumber: entry.serialNumber,
        crl: files.crl,
        pushed: outcomes.map((result) => ({
          participant: result.target.participantId ?? null,
          url: result.target.url,
          ...(result.ok
            ? { ok: true as const, outcome: result.outcome }
            : { ok: false as const, detail: result.detail }),
        })),
      };
      // A failed push is a warning: the list is published, and a node also fetches it when it next starts.
      const who = (p: { participant: string | null; url: string }) => `${p.participant ?? 'node'} (${p.url})`;
      emit(options, revoked, (r) =>
        [
          `Certificate ${r.serialNumber} of ${r.id} revoked; revocation list published to ${r.crl}`,
          ...r.pushed.flatMap((p) => (p.ok ? [`Pushed to ${who(p)}: ${p.outcome}`] : [])),
        ].join('\n'),
      );
      for (const p of revoked.pushed) {
        if (!p.ok) note(options, `Cannot push the revocation list to ${who(p)}: ${p.detail}`);
      }
    });
}
