/** `foedera agreement list|get`: the contracts this node holds, signed by both sides, as provider or consumer. */
import type { Command } from 'commander';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import type { AgreementDetail } from '../client/views.ts';
import { offerSummary } from '../output/offer-summary.ts';
import { emit } from '../output/print.ts';
import { fields, table } from '../output/table.ts';

const signed = (s: AgreementDetail['signatures']['provider']) =>
  s === null ? 'not signed' : `signed (ES384${s.certificate === null ? '' : ', with its certificate'})`;

function agreementText(a: AgreementDetail): string {
  return fields([
    ['agreement', a.agreementId],
    ['dataset', a.target],
    ['provider', `${a.provider}, ${signed(a.signatures.provider)}`],
    ['consumer', `${a.consumer}, ${signed(a.signatures.consumer)}`],
    ['granted', a.agreement.timestamp ?? a.createdAt],
    ['terms', offerSummary(a.agreement)],
    ['negotiation', a.negotiationPid],
  ]);
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
    description: "Show one agreement, its terms and both nodes' signatures",
    examples: ['foedera agreement get urn:uuid:9d2b… --home fed/DEU --user dora'],
  })
    .argument('<id>', 'agreement id')
    .action(async (id: string, options: ApiOptions) => {
      emit(options, await (await clientFor(options)).getAgreement(id), agreementText);
    });
}
