/**
 * `foedera training run|list|get`: federated training coordinated by this node. `run` starts a logistic regression
 * over the datasets of the agreements named (each must permit foedera:compute); rounds run at the providers and only
 * weights come back. `--wait` follows the rounds with a progress bar and prints the model, its label and lineage id.
 */
import type { Command } from 'commander';
import type { TrainingView } from '../../training/node/training-runs.ts';
import type { ConfidentialityLabel } from '../../labels/index.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import { apiVerb, clientFor, positiveInteger, type ApiOptions } from '../client/api-verb.ts';
import { timeoutSeconds, waitFor } from '../client/wait.ts';
import { EXIT, ExitError } from '../exit-codes.ts';
import { labelBanner } from '../output/banner.ts';
import { emit } from '../output/print.ts';
import { fields, table } from '../output/table.ts';

function positiveNumber(option: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) {
      throw new InvalidInputError(option, `Invalid --${option} "${value}": expected a positive number`);
    }
    return n;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function trainingText(run: TrainingView): string {
  const last = run.rounds.at(-1);
  const skipped = run.rounds.flatMap((r) =>
    r.contributions.flatMap((c) =>
      c.status === 'skipped' ? [`round ${r.round}: ${c.provider} (${c.reason})`] : [],
    ),
  );
  return fields([
    ['training', run.id],
    ['status', run.status],
    ['detail', run.detail],
    ['rounds', `${run.rounds.length} of ${run.spec.rounds}`],
    ['samples', last === undefined ? undefined : String(last.samples)],
    ['loss', last === undefined ? undefined : last.loss.toFixed(4)],
    ['skipped', skipped.length === 0 ? undefined : skipped.join('; ')],
    ['weights', run.model === undefined ? undefined : run.model.weights.map((w) => w.toFixed(4)).join(', ')],
    ['label', run.label === undefined ? undefined : labelBanner(run.label as ConfidentialityLabel)],
    ['artefact', run.artefact],
  ]);
}

type RunOptions = ApiOptions & {
  agreement: string[];
  features: number;
  rounds: number;
  epochs: number;
  learningRate: number;
  labelColumn: string;
  wait?: boolean;
  timeout: number;
};

export function registerTraining(program: Command): void {
  const training = program
    .command('training')
    .description('Federated training over datasets held by other nodes');

  apiVerb(training, {
    name: 'run',
    description: 'Train a logistic regression by federated averaging over the datasets of these agreements',
    examples: [
      'foedera training run --agreement urn:uuid:a… --agreement urn:uuid:b… --features 2 --wait --home fed/EDA --user ops',
    ],
  })
    .requiredOption(
      '--agreement <id>',
      'an agreement permitting foedera:compute on a training dataset (repeatable)',
      collect,
      [],
    )
    .requiredOption(
      '--features <n>',
      'number of feature columns (every column but the label)',
      positiveInteger('features'),
    )
    .option('--rounds <n>', 'federated rounds', positiveInteger('rounds'), 10)
    .option('--epochs <n>', 'local gradient steps per round at each provider', positiveInteger('epochs'), 5)
    .option('--learning-rate <x>', 'gradient step size', positiveNumber('learning-rate'), 0.5)
    .option('--label-column <name>', 'the 0/1 label column of the CSV datasets', 'label')
    .option('--wait', 'follow the rounds until the training ends')
    .option('--timeout <seconds>', 'with --wait: give up after this long', timeoutSeconds, 600)
    .action(async (options: RunOptions) => {
      const client = await clientFor(options);
      const first = await client.call<TrainingView>({
        action: 'start training',
        method: 'POST',
        path: '/v1/training/runs',
        body: {
          agreements: options.agreement,
          features: options.features,
          rounds: options.rounds,
          epochs: options.epochs,
          learningRate: options.learningRate,
          labelColumn: options.labelColumn,
        },
      });
      const poll = () =>
        client.call<TrainingView>({
          action: 'follow training',
          path: `/v1/training/runs/${encodeURIComponent(first.id)}`,
        });
      const run =
        options.wait === true
          ? await waitFor({
              title: `training ${first.id}`,
              first: { ...first, state: first.status },
              poll: async () => {
                const view = await poll();
                return { ...view, state: view.status };
              },
              done: (view) => view.status !== 'running',
              progress: (view) => ({ state: view.status, done: view.rounds.length, total: view.spec.rounds }),
              timeoutSeconds: options.timeout,
            })
          : first;
      emit(options, run, trainingText);
      if (run.status === 'failed') {
        throw new ExitError('training-failed', run.detail ?? 'Training failed', { exit: EXIT.failure });
      }
    });

  apiVerb(training, {
    name: 'list',
    description: 'Training runs this node coordinated, newest first',
    examples: ['foedera training list --home fed/EDA --user ops'],
  }).action(async (options: ApiOptions) => {
    const page = await (
      await clientFor(options)
    ).call<{ items: TrainingView[] }>({
      action: 'list trainings',
      path: '/v1/training/runs',
    });
    emit(options, page, (p) =>
      p.items.length === 0
        ? 'No training runs'
        : table(p.items, [
            { header: 'training', value: (r) => r.id },
            { header: 'status', value: (r) => r.status },
            { header: 'rounds', value: (r) => `${r.rounds.length}/${r.spec.rounds}` },
            { header: 'datasets', value: (r) => String(r.spec.agreements.length) },
            { header: 'started', value: (r) => r.createdAt },
          ]),
    );
  });

  apiVerb(training, {
    name: 'get',
    description: 'Show one training run: rounds, skipped providers, model, label',
    examples: ['foedera training get urn:uuid:0c4e… --home fed/EDA --user ops'],
  })
    .argument('<id>', 'training run id')
    .action(async (id: string, options: ApiOptions) => {
      const run = await (
        await clientFor(options)
      ).call<TrainingView>({
        action: 'show training',
        path: `/v1/training/runs/${encodeURIComponent(id)}`,
      });
      emit(options, run, trainingText);
    });
}
