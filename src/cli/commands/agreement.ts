/** `foedera agreement list|get`: the contracts this node holds, signed by both sides, as provider or consumer. */
import type { Command } from 'commander';
import { FoederaError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import type { ManagementClient } from '../client/management-client.ts';
import type { AgreementRow } from '../client/views.ts';
import { offerSummary } from '../output/offer-summary.ts';
import { emit } from '../output/print.ts';
import { fields, table } from '../output/table.ts';

function agreementText(a: AgreementRow): string {
  return fields([
    ['agreement', a.agreement_id],
    ['dataset', a.target],
    ['provider', a.provider],
    ['consumer', a.consumer],
    ['granted', a.agreement.timestamp ?? a.created_at],
    ['terms', offerSummary(a.agreement)],
    ['negotiation', a.negotiation_pid],
  ]);
}

/** The management API lists agreements but has no read of one: walk the pages (they are ordered by id). */
export async function findAgreement(client: ManagementClient, id: string): Promise<AgreementRow> {
  for (let after: string | undefined; ;) {
    const page = await client.listAgreements({ limit: 500, ...(after === undefined ? {} : { after }) });
    const found = page.items.find((a) => a.agreement_id === id);
    if (found !== undefined) return found;
    if (typeof page.next !== 'string')
      throw new FoederaError('not-found', `No agreement "${id}" on this node`);
    after = page.next;
  }
}

export function registerAgreement(program: Command): void {
  const agreement = program.command('agreement').description('Contract agreements this node holds');

  apiVerb(agreement, {
    name: 'list',
    description: 'List agreements, as provider and as consumer',
    examples: [
      'foedera agreement list --home fed/DEU --user dora',
      'foedera agreement list --home fed/DEU --user dora --json',
    ],
  })
    .option('--limit <n>', 'at most this many (1-500)', positiveInteger('limit'))
    .option('--after <id>', 'the page after this agreement id')
    .action(async (options: ApiOptions & { limit?: number; after?: string }) => {
      const page = await (
        await clientFor(options)
      ).listAgreements({
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.after === undefined ? {} : { after: options.after }),
      });
      emit(options, page, (p) =>
        p.items.length === 0
          ? 'No agreements'
          : [
              table(p.items, [
                { header: 'agreement', value: (a) => a.agreement_id },
                { header: 'dataset', value: (a) => a.target },
                { header: 'provider', value: (a) => a.provider },
                { header: 'consumer', value: (a) => a.consumer },
                { header: 'granted', value: (a) => a.agreement.timestamp ?? a.created_at },
              ]),
              ...(p.next === undefined ? [] : [`(more: --after ${String(p.next)})`]),
            ].join('\n'),
      );
    });

  apiVerb(agreement, {
    name: 'get',
    description: 'Show one agreement and its terms',
    examples: ['foedera agreement get urn:uuid:9d2b… --home fed/DEU --user dora'],
  })
    .argument('<id>', 'agreement id')
    .action(async (id: string, options: ApiOptions) => {
      emit(options, await findAgreement(await clientFor(options), id), agreementText);
    });
}
