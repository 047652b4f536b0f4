/**
 * `foedera compute run|list|get`: compute-to-data. `run` sends a WebAssembly job (WASI preview1; a `.wat` file is
 * assembled first) to the provider of an agreement this node holds; the provider runs it on the agreed dataset in its
 * sandbox and only the output comes back, with its label. A job stopped by a limit, or refused, exits with code 3.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { RunView } from '../../compute/consumer/run-remote-job.ts';
import { readJobModule } from '../../compute/sandbox/wat.ts';
import type { ConfidentialityLabel } from '../../labels/index.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import { EXIT, ExitError } from '../exit-codes.ts';
import { labelBanner } from '../output/banner.ts';
import { emit, note } from '../output/print.ts';
import { fields, table } from '../output/table.ts';

function runText(run: RunView): string {
  const summary = fields([
    ['run', run.id],
    ['status', run.status],
    ['reason', run.reason === undefined ? undefined : `${run.reason}: ${run.detail ?? ''}`],
    ['provider', run.provider],
    ['dataset', run.dataset],
    ['agreement', run.agreementId],
    ['exit code', run.exitCode === undefined ? undefined : String(run.exitCode)],
    ['label', run.label === undefined ? undefined : labelBanner(run.label as ConfidentialityLabel)],
    ['artefact', run.artefact],
    ['output sha-256', run.outputSha256],
  ]);
  const output = run.output === undefined ? '' : Buffer.from(run.output, 'base64').toString('utf8');
  return output === '' ? summary : `${summary}\n\n${output.replace(/\n$/, '')}`;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A run that did not complete is an outcome with its exit code: refused or stopped (3), or failed (1). */
function outcomeOf(run: RunView): void {
  if (run.status === 'completed') return;
  const message = `Compute job ${run.status}: ${run.reason ?? 'unknown'}${run.detail === undefined ? '' : `: ${run.detail}`}`;
  throw new ExitError(run.reason ?? run.status, message, {
    exit: run.status === 'failed' ? EXIT.failure : EXIT.refused,
  });
}

export function registerCompute(program: Command): void {
  const compute = program
    .command('compute')
    .description('Compute-to-data: send code to a dataset instead of taking it');

  apiVerb(compute, {
    name: 'run',
    description: 'Run a WASI job (.wasm or .wat) at the provider of an agreement; print its released output',
    examples: [
      'foedera compute run --agreement urn:uuid:9d2b… job.wasm --home fed/DEU --user dora',
      'foedera compute run --agreement urn:uuid:9d2b… src/compute/jobs/count-bytes.wat --out result.txt --json',
    ],
  })
    .argument('<module>', 'the job: a WebAssembly binary, or WebAssembly text (.wat)')
    .requiredOption('--agreement <id>', 'the agreement that permits foedera:compute on the dataset')
    .option('--arg <value>', 'an argument passed to the job (repeatable)', collect, [])
    .option('--out <file>', 'also write the released output to this file')
    .action(
      async (path: string, options: ApiOptions & { agreement: string; arg: string[]; out?: string }) => {
        let module;
        try {
          module = await readJobModule(path);
        } catch (error) {
          throw new InvalidInputError('module', `Cannot read job "${path}": ${(error as Error).message}`);
        }
        if (!module.ok) throw new InvalidInputError('module', module.detail);
        note(options, `Sending ${module.value.length} bytes of job to the provider of ${options.agreement}…`);
        const run = await (
          await clientFor(options)
        ).call<RunView>({
          action: 'run compute job',
          method: 'POST',
          path: '/v1/compute/runs',
          body: {
            agreementId: options.agreement,
            module: Buffer.from(module.value).toString('base64'),
            args: options.arg,
          },
        });
        if (options.out !== undefined && run.output !== undefined) {
          await writeFile(options.out, Buffer.from(run.output, 'base64'));
        }
        emit(options, run, runText);
        outcomeOf(run);
      },
    );

  apiVerb(compute, {
    name: 'list',
    description: 'Compute jobs this node sent, newest first',
    examples: ['foedera compute list --home fed/DEU --user dora'],
  })
    .option('--limit <n>', 'at most this many', positiveInteger('limit'))
    .action(async (options: ApiOptions & { limit?: number }) => {
      const page = await (
        await clientFor(options)
      ).call<{ items: RunView[] }>({
        action: 'list compute jobs',
        path: '/v1/compute/runs',
      });
      const items = page.items.slice(0, options.limit ?? page.items.length);
      emit(options, { items }, (p) =>
        p.items.length === 0
          ? 'No compute jobs'
          : table(p.items, [
              { header: 'run', value: (r) => r.id },
              { header: 'status', value: (r) => r.status },
              { header: 'reason', value: (r) => r.reason ?? '' },
              { header: 'provider', value: (r) => r.provider },
              { header: 'dataset', value: (r) => r.dataset },
              { header: 'when', value: (r) => r.createdAt },
            ]),
      );
    });

  apiVerb(compute, {
    name: 'get',
    description: 'Show one compute job, with its output',
    examples: ['foedera compute get urn:uuid:5e1f… --home fed/DEU --user dora'],
  })
    .argument('<id>', 'run id')
    .action(async (id: string, options: ApiOptions) => {
      const run = await (
        await clientFor(options)
      ).call<RunView>({
        action: 'show compute job',
        path: `/v1/compute/runs/${encodeURIComponent(id)}`,
      });
      emit(options, run, runText);
    });
}
