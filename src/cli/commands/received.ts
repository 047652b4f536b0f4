/**
 * `foedera received`: the data objects this node received (or is receiving) under agreements, newest first; open one
 * with `foedera data open`.
 */
import type { Command } from 'commander';
import { apiVerb, clientFor, type ApiOptions } from '../client/api-verb.ts';
import { emit } from '../output/print.ts';
import { table } from '../output/table.ts';

export function registerReceived(program: Command): void {
  apiVerb(program, {
    name: 'received',
    description: 'List the data objects this node received or is receiving, newest first',
    examples: ['foedera received --home fed/DEU --user dora'],
  }).action(async (options: ApiOptions) => {
    const received = await (await clientFor(options)).received();
    emit(options, received, (r) =>
      r.items.length === 0
        ? 'Nothing received'
        : table(r.items, [
            { header: 'object', value: (o) => o.objectId },
            { header: 'state', value: (o) => o.state },
            { header: 'owner', value: (o) => o.owner },
            { header: 'bytes', value: (o) => String(o.plaintextSize) },
            { header: 'agreement', value: (o) => o.agreementId },
            { header: 'offline lease', value: (o) => (o.lease ? 'yes' : 'no') },
          ]),
    );
  });
}
