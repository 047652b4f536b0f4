/** `foedera me` and `foedera status`: who the node takes the caller for, and whether the node is ready. */
import type { Command } from 'commander';
import { apiVerb, clientFor, type ApiOptions } from '../client/api-verb.ts';
import { resolveConnection } from '../client/connection.ts';
import { ManagementClient } from '../client/management-client.ts';
import { EXIT, ExitError } from '../exit-codes.ts';
import { emit } from '../output/print.ts';
import { fields } from '../output/table.ts';

export function registerMe(program: Command): void {
  apiVerb(program, {
    name: 'me',
    description: 'Show the user the node sees behind the token: participant, nationality, clearances, roles',
    examples: [
      'foedera me --home fed/FRA --user alice',
      'FOEDERA_TOKEN=$(foedera token issue --home fed/FRA --user alice) foedera me --url http://127.0.0.1:8081',
    ],
  }).action(async (options: ApiOptions) => {
    const me = await (await clientFor(options)).me();
    emit(options, me, (m) =>
      fields([
        ['user', m.subject],
        ['participant', m.participant],
        ['nationality', m.nationality],
        [
          'clearances',
          Object.entries(m.clearances)
            .map(([policy, level]) => `${policy}:${level}`)
            .join(', ') || 'none',
        ],
        ['communities', m.coi.join(', ') || 'none'],
        ['roles', m.roles.join(', ') || 'none'],
        ['token expires', m.expiresAt],
      ]),
    );
  });

  apiVerb(program, {
    name: 'status',
    description: 'Show whether the node is ready (its stores and workers), no token needed; exit 1 when not',
    examples: ['foedera status --home fed/FRA'],
  }).action(async (options: ApiOptions) => {
    const client = new ManagementClient(await resolveConnection(options, { anonymous: true }));
    const report = await client.readiness();
    emit(options, { url: client.connection.url, ...report }, (r) =>
      [
        `${r.ready ? 'Ready' : 'Not ready'}: ${r.url}`,
        fields(Object.entries(r.checks).map(([check, state]) => [check, state] as const)),
      ]
        .filter((line) => line !== '')
        .join('\n'),
    );
    if (!report.ready) {
      throw new ExitError('not-ready', `Node at ${client.connection.url} is not ready`, {
        exit: EXIT.failure,
      });
    }
  });
}
