/**
 * `foedera negotiation start|list|get|terminate`: contract negotiations this node takes part in. `start` asks a
 * provider for a dataset under one of its offers; `--wait` follows it to FINALIZED or TERMINATED and, when the
 * provider refused, shows its reasons and exits with the "refused" code.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Constraint, MessageOffer } from '../../protocol/messages/odrl.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import { dspAddress } from '../client/dsp-address.ts';
import { findPeerDataset } from '../client/find-in-catalog.ts';
import type { ManagementClient } from '../client/management-client.ts';
import type { NegotiationRow, NegotiationView, NegotiationState } from '../client/views.ts';
import { timeoutSeconds, waitFor } from '../client/wait.ts';
import { EXIT, ExitError } from '../exit-codes.ts';
import { offerSummary } from '../output/offer-summary.ts';
import { emit } from '../output/print.ts';
import { withSpinner } from '../output/progress.ts';
import { fields, table } from '../output/table.ts';

type WaitOptions = { wait?: boolean; timeout: number };
type StartOptions = ApiOptions &
  WaitOptions & {
    dataset: string;
    address?: string;
    provider?: string;
    offer?: string;
    offerFile?: string;
    purpose?: string;
  };

/** How far along the DSP negotiation is: the states in the order a successful one passes them. */
const STEPS: readonly NegotiationState[] = [
  'REQUESTED',
  'OFFERED',
  'ACCEPTED',
  'AGREED',
  'VERIFIED',
  'FINALIZED',
];

export function reasonsOf(view: NegotiationView): string {
  const reasons = (view.outcome?.reasons ?? []).map(String);
  return reasons.length > 0 ? reasons.join('; ') : (view.outcome?.terminated ?? 'no reason given');
}

function negotiationText(n: NegotiationView): string {
  return fields([
    ['negotiation', n.pid],
    ['state', n.state],
    ['role', n.role],
    ['counterparty', n.counterparty],
    ['dataset', n.target],
    ['offer', `${n.offer['@id']}: ${offerSummary(n.offer)}`],
    ['agreement', n.agreement?.['@id']],
    ['provider pid', n.providerPid ?? undefined],
    ['consumer pid', n.consumerPid ?? undefined],
    ['refused', n.state === 'TERMINATED' ? reasonsOf(n) : undefined],
  ]);
}

function negotiationTable(rows: readonly NegotiationRow[]): string {
  if (rows.length === 0) return 'No negotiations';
  return table(rows, [
    { header: 'negotiation', value: (r) => r.id },
    { header: 'state', value: (r) => r.state },
    { header: 'role', value: (r) => r.role },
    { header: 'counterparty', value: (r) => r.counterparty },
    { header: 'dataset', value: (r) => r.dataset },
    { header: 'agreement / reason', value: (r) => r.agreementId ?? r.reason ?? '' },
  ]);
}

async function offerFor(
  client: ManagementClient,
  options: StartOptions,
): Promise<{ provider: string; offer: MessageOffer & { target: string } }> {
  if (options.offerFile !== undefined) {
    let offer: unknown;
    try {
      offer = JSON.parse(await readFile(options.offerFile, 'utf8'));
    } catch (error) {
      throw new InvalidInputError(
        'offer-file',
        `Cannot read --offer-file "${options.offerFile}": ${(error as Error).message}`,
      );
    }
    if (
      typeof offer !== 'object' ||
      offer === null ||
      typeof (offer as { '@id'?: unknown })['@id'] !== 'string'
    ) {
      throw new InvalidInputError(
        'offer-file',
        `Invalid --offer-file "${options.offerFile}": an ODRL offer needs an "@id"`,
      );
    }
    if (options.provider === undefined) {
      throw new InvalidInputError(
        'provider',
        'Missing --provider <id>: with --offer-file the provider must be named',
      );
    }
    return {
      provider: options.provider,
      offer: { ...(offer as MessageOffer), '@type': 'Offer', target: options.dataset },
    };
  }
  const lookup = () =>
    findPeerDataset(client, {
      dataset: options.dataset,
      ...(options.provider === undefined ? {} : { peer: options.provider }),
    });
  let found = await lookup();
  if (found === undefined && options.provider !== undefined) {
    if (options.address === undefined) {
      throw new InvalidInputError(
        'address',
        `Missing --address <url>: dataset "${options.dataset}" is not in the cached catalog of ${options.provider}, and fetching it needs the provider's address`,
      );
    }
    // The provider and its address are known: fetch its catalog now rather than send the user to refresh it.
    const provider = options.provider;
    const url = dspAddress(options.address);
    await withSpinner(`fetching the catalog of ${provider}`, () =>
      client.refreshCatalog({ peer: provider, url }),
    );
    found = await lookup();
  }
  if (found === undefined) {
    throw new InvalidInputError(
      'dataset',
      options.provider === undefined
        ? `Dataset "${options.dataset}" is not in this node's federated catalog: give --provider and --address to fetch its catalog, or run foedera catalog refresh`
        : `Dataset "${options.dataset}" is not in the catalog ${options.provider} releases to this node`,
    );
  }
  const offers = found.dataset.offers;
  const chosen =
    options.offer === undefined
      ? offers.length === 1
        ? offers[0]
        : undefined
      : offers.find((o) => o['@id'] === options.offer);
  if (chosen === undefined) {
    const ids = offers.map((o) => o['@id']).join(', ');
    throw new InvalidInputError(
      'offer',
      options.offer === undefined
        ? `Missing --offer <id>: dataset "${options.dataset}" has ${offers.length} offers (${ids})`
        : `Invalid --offer "${options.offer}": dataset "${options.dataset}" offers ${ids}`,
    );
  }
  return { provider: found.peer, offer: { ...chosen, '@type': 'Offer', target: found.dataset.id } };
}

/**
 * The consumer declares its purpose as a `purpose eq …` constraint of the requested offer (how the provider reads
 * it, src/protocol/node/contract-decision.ts): any purpose the offer named is replaced by the declared one.
 */
function withPurpose(
  offer: MessageOffer & { target: string },
  purpose: string,
): MessageOffer & { target: string } {
  const declared: Constraint = { leftOperand: 'purpose', operator: 'eq', rightOperand: purpose };
  const isPurpose = (c: Constraint) => 'leftOperand' in c && /(^|[:/])purpose$/.test(c.leftOperand);
  const rules = offer.permission ?? [];
  const permission = (rules.length === 0 ? [{ action: 'use' }] : rules).map((rule, i) => {
    const kept = (rule.constraint ?? []).filter((c) => !isPurpose(c));
    return i === 0 ? { ...rule, constraint: [...kept, declared] } : { ...rule, constraint: kept };
  });
  return { ...offer, permission };
}

/** Follows a negotiation to its end; a refusal is printed like success, then reported with the "refused" code. */
async function settle(
  client: ManagementClient,
  options: ApiOptions & WaitOptions & { first: NegotiationView },
): Promise<void> {
  const final =
    options.wait === true
      ? await waitFor({
          title: `negotiation ${options.first.pid}`,
          first: options.first,
          poll: () => client.getNegotiation(options.first.pid),
          done: (n) => n.state === 'FINALIZED' || n.state === 'TERMINATED',
          progress: (n) => ({
            state: n.state,
            ...(n.state === 'TERMINATED' ? {} : { done: STEPS.indexOf(n.state) + 1, total: STEPS.length }),
          }),
          timeoutSeconds: options.timeout,
        })
      : options.first;
  emit(options, final, negotiationText);
  if (options.wait === true && final.state === 'TERMINATED') {
    throw new ExitError(
      final.outcome?.terminated ?? 'terminated',
      `Negotiation ${final.pid} for "${final.target}" ended TERMINATED: ${reasonsOf(final)}`,
      { exit: EXIT.refused },
    );
  }
}

function addWait(command: Command): Command {
  return command
    .option('--wait', 'wait until FINALIZED or TERMINATED (progress on a terminal; exit 3 if refused)')
    .option('--timeout <seconds>', 'give up waiting after this long', timeoutSeconds, 300);
}

export function registerNegotiation(program: Command): void {
  const negotiation = program
    .command('negotiation')
    .description('Negotiate contracts for datasets of other participants (Dataspace Protocol)');

  addWait(
    apiVerb(negotiation, {
      name: 'start',
      description:
        "Ask a provider for a dataset under one of its offers (from this node's federated catalog)",
      examples: [
        'foedera negotiation start --home fed/DEU --user dora --dataset urn:uuid:6a1f… --wait',
        'foedera negotiation start --home fed/DEU --user dora --dataset urn:uuid:6a1f… --purpose logistics-planning',
        'foedera negotiation start --home fed/DEU --user dora --dataset urn:uuid:6a1f… --provider FRA --address https://127.0.0.1:8443',
        'foedera negotiation start --home fed/DEU --user dora --dataset urn:uuid:6a1f… --provider FRA --offer-file offer.json --address https://fra.example.eu:8443',
      ],
    }),
  )
    .requiredOption('--dataset <id>', 'the dataset IRI')
    .option(
      '--address <url>',
      "the provider's protocol endpoint (https://host:port, /dsp added if absent; default: the one its catalog named in this node's federated catalog)",
    )
    .option(
      '--provider <id>',
      'provider participant id (default: the peer whose cached catalog lists the dataset; given, its catalog is fetched if needed)',
    )
    .option('--offer <id>', "which of the dataset's offers (default: its only one)")
    .option(
      '--offer-file <json>',
      'propose this ODRL offer instead of one from the catalog (needs --provider)',
    )
    .option(
      '--purpose <purpose>',
      "the purpose you declare, which the provider decides on (default: the offer's)",
    )
    .action(async (options: StartOptions) => {
      const providerAddress = options.address === undefined ? undefined : dspAddress(options.address);
      const client = await clientFor(options);
      const { provider, offer } = await offerFor(client, options);
      const requested = options.purpose === undefined ? offer : withPurpose(offer, options.purpose);
      const first = await client.startNegotiation({
        provider,
        ...(providerAddress === undefined ? {} : { providerAddress }),
        offer: requested,
      });
      await settle(client, { ...options, first });
    });

  apiVerb(negotiation, {
    name: 'list',
    description: 'List negotiations, oldest first by id',
    examples: ['foedera negotiation list --home fed/DEU --user dora --state TERMINATED'],
  })
    .option('--state <state>', `only in this state (${[...STEPS, 'TERMINATED'].join(', ')})`)
    .option('--limit <n>', 'at most this many (1-500)', positiveInteger('limit'))
    .option('--after <id>', 'the page after this negotiation id')
    .action(async (options: ApiOptions & { state?: string; limit?: number; after?: string }) => {
      if (
        options.state !== undefined &&
        ![...STEPS, 'TERMINATED'].includes(options.state as NegotiationState)
      ) {
        throw new InvalidInputError(
          'state',
          `Invalid --state "${options.state}": one of ${[...STEPS, 'TERMINATED'].join(', ')}`,
        );
      }
      const page = await (
        await clientFor(options)
      ).listNegotiations({
        ...(options.state === undefined ? {} : { state: options.state }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.after === undefined ? {} : { after: options.after }),
      });
      emit(options, page, (p) =>
        [
          negotiationTable(p.items),
          ...(p.next === undefined ? [] : [`(more: --after ${String(p.next)})`]),
        ].join('\n'),
      );
    });

  addWait(
    apiVerb(negotiation, {
      name: 'get',
      description: 'Show one negotiation, with the reasons when it was refused',
      examples: ['foedera negotiation get urn:uuid:3c0e… --home fed/DEU --user dora --wait'],
    }),
  )
    .argument('<id>', 'negotiation id (this node’s process id)')
    .action(async (id: string, options: ApiOptions & WaitOptions) => {
      const client = await clientFor(options);
      await settle(client, { ...options, first: await client.getNegotiation(id) });
    });

  apiVerb(negotiation, {
    name: 'terminate',
    description: 'Terminate a negotiation that has not ended (the counterparty is told)',
    examples: [
      'foedera negotiation terminate urn:uuid:3c0e… --home fed/DEU --user dora --reason "no longer needed"',
    ],
  })
    .argument('<id>', 'negotiation id')
    .option('--reason <text>', 'why, for the counterparty and the audit log')
    .action(async (id: string, options: ApiOptions & { reason?: string }) => {
      const view = await (await clientFor(options)).terminateNegotiation(id, options.reason);
      emit(options, view, negotiationText);
    });
}
