/**
 * `foedera transfer start|list|get|suspend|resume|complete|terminate`: transfer processes under agreements. `start`
 * asks the provider named by the agreement, to pull or (`--push`) to push the data into this node; `--wait` follows the transfer with a progress bar where the node reports
 * bytes, a spinner with its state where not.
 */
import type { Command } from 'commander';
import { InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import { dspAddress } from '../client/dsp-address.ts';
import { findPeerDataset } from '../client/find-in-catalog.ts';
import type { ManagementClient } from '../client/management-client.ts';
import type { TransferRow, TransferState, TransferView } from '../client/views.ts';
import { timeoutSeconds, waitFor } from '../client/wait.ts';
import { EXIT, ExitError } from '../exit-codes.ts';
import { emit } from '../output/print.ts';
import { fields, table } from '../output/table.ts';

const STATES: readonly TransferState[] = ['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'];
/** What `--wait` may wait for; TERMINATED always ends the wait. */
const TARGETS: readonly TransferState[] = ['STARTED', 'COMPLETED'];

type WaitOptions = { wait?: boolean | string; timeout: number };

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit] ?? 'B'}`;
}

function transferText(t: TransferView): string {
  return fields([
    ['transfer', t.pid],
    ['state', t.state],
    ['role', t.role],
    ['counterparty', t.counterparty],
    ['agreement', t.agreementId],
    ['format', t.format],
    [
      'progress',
      t.bytesTotal === undefined ? undefined : `${bytes(t.bytesDone ?? 0)} of ${bytes(t.bytesTotal)}`,
    ],
    ['endpoint', t.dataAddress?.endpoint],
    ['provider pid', t.providerPid ?? undefined],
    ['consumer pid', t.consumerPid],
    ['reason', t.reason],
  ]);
}

function transferTable(rows: readonly TransferRow[]): string {
  if (rows.length === 0) return 'No transfers';
  return table(rows, [
    { header: 'transfer', value: (r) => r.id },
    { header: 'state', value: (r) => r.state },
    { header: 'role', value: (r) => r.role },
    { header: 'counterparty', value: (r) => r.counterparty },
    { header: 'dataset', value: (r) => r.dataset },
    { header: 'agreement', value: (r) => r.agreementId },
  ]);
}

function waitTarget(wait: boolean | string | undefined): TransferState | undefined {
  if (wait === undefined || wait === false) return undefined;
  if (wait === true) return 'STARTED';
  const state = wait.toUpperCase() as TransferState;
  if (!TARGETS.includes(state)) {
    throw new InvalidInputError('wait', `Invalid --wait "${wait}": one of ${TARGETS.join(', ')}`);
  }
  return state;
}

/** The transfer with what its data plane says of the pull: bytes for the bar, the error when it failed. */
async function observe(client: ManagementClient, pid: string): Promise<TransferView> {
  const [transfer, progress] = await Promise.all([client.getTransfer(pid), client.transferProgress(pid)]);
  if (progress === undefined || progress.bytes.total === 0) return transfer;
  return {
    ...transfer,
    bytesDone: progress.bytes.received,
    bytesTotal: progress.bytes.total,
    ...(progress.error === null || transfer.reason !== undefined ? {} : { reason: progress.error }),
  };
}

async function settle(
  client: ManagementClient,
  options: ApiOptions & WaitOptions & { first: TransferView },
): Promise<void> {
  const target = waitTarget(options.wait);
  const ended = (t: TransferView) =>
    t.state === 'TERMINATED' || t.state === 'COMPLETED' || (target === 'STARTED' && t.state === 'STARTED');
  const final =
    target === undefined
      ? options.first
      : await waitFor({
          title: `transfer ${options.first.pid}`,
          first: options.first,
          poll: () => observe(client, options.first.pid),
          done: ended,
          progress: (t) => ({
            state:
              t.bytesTotal === undefined
                ? t.state
                : `${t.state} ${bytes(t.bytesDone ?? 0)} / ${bytes(t.bytesTotal)}`,
            ...(t.bytesTotal === undefined ? {} : { done: t.bytesDone ?? 0, total: t.bytesTotal }),
          }),
          timeoutSeconds: options.timeout,
        });
  emit(options, final, transferText);
  if (target !== undefined && final.state === 'TERMINATED') {
    throw new ExitError(
      'terminated',
      `Transfer ${final.pid} ended TERMINATED${final.reason === undefined ? '' : `: ${final.reason}`}`,
      { exit: EXIT.refused },
    );
  }
}

function addWait(command: Command): Command {
  return command
    .option(
      '--wait [state]',
      'wait until STARTED (default) or COMPLETED; TERMINATED ends the wait with exit 3',
    )
    .option('--timeout <seconds>', 'give up waiting after this long', timeoutSeconds, 300);
}

type StartOptions = ApiOptions &
  WaitOptions & { agreement: string; address?: string; provider?: string; format?: string; push?: boolean };

const PULL_FORMAT = 'HttpData-PULL';
const PUSH_FORMAT = 'HttpData-PUSH';

async function formatFor(client: ManagementClient, options: { target: string; provider: string }) {
  const found = await findPeerDataset(client, { dataset: options.target, peer: options.provider });
  const formats = [...new Set(found?.dataset.distributions.map((d) => d.format) ?? [])];
  // Offered both ways, the node pulls unless asked to have the data pushed (--push).
  if (formats.length > 1 && formats.includes(PULL_FORMAT)) return PULL_FORMAT;
  if (formats.length !== 1) {
    throw new InvalidInputError(
      'format',
      formats.length === 0
        ? `Missing --format: dataset "${options.target}" is not in the federated catalog to read its formats from`
        : `Missing --format: dataset "${options.target}" has several (${formats.join(', ')})`,
    );
  }
  return formats[0] as string;
}

export function registerTransfer(program: Command): void {
  const transfer = program
    .command('transfer')
    .description('Transfer processes under agreements (Dataspace Protocol)');

  addWait(
    apiVerb(transfer, {
      name: 'start',
      description: 'Start a transfer under an agreement this node holds as consumer',
      examples: [
        'foedera transfer start --home fed/DEU --user dora --agreement urn:uuid:9d2b… --wait',
        'foedera transfer start --home fed/DEU --user dora --agreement urn:uuid:9d2b… --format HttpData-PULL --address https://fra.example.eu:8443 --wait COMPLETED',
        'foedera transfer start --home fed/DEU --user dora --agreement urn:uuid:9d2b… --push --address https://fra.example.eu:8443 --wait COMPLETED',
      ],
    }),
  )
    .requiredOption('--agreement <id>', 'the agreement the transfer is under')
    .option(
      '--address <url>',
      "the provider's protocol endpoint (https://host:port, /dsp added if absent; default: the one its catalog named in the federated catalog, else the one the agreement was negotiated with)",
    )
    .option('--provider <id>', 'provider participant id (default: the agreement’s provider)')
    .option(
      '--format <format>',
      'transfer format (default: HttpData-PULL where the dataset offers it, else its only distribution format)',
    )
    .option('--push', `the provider pushes the data into this node (format ${PUSH_FORMAT})`)
    .action(async (options: StartOptions) => {
      const providerAddress = options.address === undefined ? undefined : dspAddress(options.address);
      waitTarget(options.wait);
      if (options.push === true && options.format !== undefined && options.format !== PUSH_FORMAT) {
        throw new InvalidInputError('push', `Invalid --push with --format "${options.format}": choose one`);
      }
      const client = await clientFor(options);
      const agreement = await client.getAgreement(options.agreement);
      const provider = options.provider ?? agreement.provider;
      const format =
        options.push === true
          ? PUSH_FORMAT
          : (options.format ?? (await formatFor(client, { target: agreement.target, provider })));
      const first = await client.startTransfer({
        provider,
        ...(providerAddress === undefined ? {} : { providerAddress }),
        agreementId: agreement.agreementId,
        format,
      });
      await settle(client, { ...options, first });
    });

  apiVerb(transfer, {
    name: 'list',
    description: 'List transfers, oldest first by id',
    examples: ['foedera transfer list --home fed/DEU --user dora --state STARTED'],
  })
    .option('--state <state>', `only in this state (${STATES.join(', ')})`)
    .option('--limit <n>', 'at most this many (1-500)', positiveInteger('limit'))
    .option('--after <id>', 'the page after this transfer id')
    .action(async (options: ApiOptions & { state?: string; limit?: number; after?: string }) => {
      if (options.state !== undefined && !STATES.includes(options.state as TransferState)) {
        throw new InvalidInputError(
          'state',
          `Invalid --state "${options.state}": one of ${STATES.join(', ')}`,
        );
      }
      const page = await (
        await clientFor(options)
      ).listTransfers({
        ...(options.state === undefined ? {} : { state: options.state }),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.after === undefined ? {} : { after: options.after }),
      });
      emit(options, page, (p) =>
        [transferTable(p.items), ...(p.next === undefined ? [] : [`(more: --after ${String(p.next)})`])].join(
          '\n',
        ),
      );
    });

  addWait(
    apiVerb(transfer, {
      name: 'get',
      description: 'Show one transfer',
      examples: ['foedera transfer get urn:uuid:77aa… --home fed/DEU --user dora --wait COMPLETED'],
    }),
  )
    .argument('<id>', 'transfer id (this node’s process id)')
    .action(async (id: string, options: ApiOptions & WaitOptions) => {
      waitTarget(options.wait);
      const client = await clientFor(options);
      await settle(client, { ...options, first: await observe(client, id) });
    });

  const commands = [
    ['suspend', 'Suspend a started transfer (the counterparty is told)'],
    ['resume', 'Resume a suspended transfer'],
    ['complete', 'Declare a transfer complete'],
    ['terminate', 'Terminate a transfer that has not ended'],
  ] as const;
  for (const [verb, description] of commands) {
    apiVerb(transfer, {
      name: verb,
      description,
      examples: [`foedera transfer ${verb} urn:uuid:77aa… --home fed/DEU --user dora`],
    })
      .argument('<id>', 'transfer id')
      .action(async (id: string, options: ApiOptions) => {
        emit(options, await (await clientFor(options)).commandTransfer(id, verb), transferText);
      });
  }
}
