/**
 * `foedera audit`: verify an export offline against a cosigned checkpoint (no node needed: the auditor's own
 * machine, pinned keys), and read the log through a node's management API: search entries, proofs, checkpoint,
 * export, keys, peers and alarms. Every verb takes `--json` (one JSON document on stdout).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { verifyExport, type Finding } from '../../audit/export/verify-export.ts';
import { verifyHistory } from '../../audit/export/verify-history.ts';
import { parseVerifierKey, type NoteVerifier } from '../../audit/note/keys.ts';
import { apiVerb, clientFor, type ApiOptions } from '../client/api-verb.ts';
import { emit, type OutputOptions } from '../output/print.ts';

async function keyFrom(value: string, option: string): Promise<NoteVerifier> {
  // A vkey given directly, or a file that holds one.
  const text = value.includes('+') ? value : await readFile(value, 'utf8').catch(() => value);
  try {
    return parseVerifierKey(text.trim());
  } catch (cause) {
    throw new InvalidInputError(option, `Invalid --${option} "${value}": ${(cause as Error).message}`);
  }
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new FoederaError('file-unreadable', `Cannot read ${what} "${file}": ${(cause as Error).message}`, {
      cause,
    });
  }
}

function nonNegative(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isSafeInteger(n) || n < 0)
      throw new InvalidInputError(name, `Invalid --${name} "${value}": expected a non-negative integer`);
    return n;
  };
}

function dateTime(name: string) {
  return (value: string): string => {
    const time = new Date(value);
    if (Number.isNaN(time.getTime()))
      throw new InvalidInputError(name, `Invalid --${name} "${value}": expected a date and time (ISO 8601)`);
    return time.toISOString();
  };
}

type VerifyOptions = OutputOptions & {
  checkpoint: string;
  key: string;
  witness: string[];
  quorum?: number;
  previous?: string;
};

type VerifyOutcome =
  | {
      ok: true;
      origin: string;
      size: number;
      start: number;
      end: number;
      verified: number;
      complete: boolean;
      cosigners: string[];
      previousSize?: number;
    }
  | { ok: false; reason: string; detail: string; findings: readonly Finding[] };

async function verify(file: string, options: VerifyOptions): Promise<VerifyOutcome> {
  let exported: unknown;
  try {
    exported = JSON.parse(await readText(file, 'audit export'));
  } catch (cause) {
    if (cause instanceof FoederaError) throw cause;
    throw new InvalidInputError('export', `Cannot read audit export "${file}": not JSON`);
  }
  const note = await readText(options.checkpoint, 'checkpoint');
  const logKey = await keyFrom(options.key, 'key');
  const witnesses = await Promise.all(options.witness.map((w) => keyFrom(w, 'witness')));
  const result = verifyExport(exported, note, {
    logKey,
    witnesses,
    ...(options.quorum === undefined ? {} : { quorum: options.quorum }),
  });
  if (!result.ok) {
    return {
      ok: false,
      reason: result.reason,
      detail: result.detail,
      findings: 'findings' in result ? result.findings : [],
    };
  }
  const { start, end, verified, complete, checkpoint } = result.value;
  let previousSize: number | undefined;
  if (options.previous !== undefined) {
    const history = verifyHistory({
      current: checkpoint.checkpoint,
      previousNote: await readText(options.previous, 'previous checkpoint'),
      logKey,
      consistency: (exported as { consistency?: { first: number; proof: string[] } }).consistency,
    });
    if (!history.ok) return { ok: false, reason: history.reason, detail: history.detail, findings: [] };
    previousSize = history.value.previousSize;
  }
  return {
    ok: true,
    origin: checkpoint.checkpoint.origin,
    size: checkpoint.checkpoint.size,
    start,
    end,
    verified,
    complete,
    cosigners: checkpoint.cosigners.map((c) => c.name),
    ...(previousSize === undefined ? {} : { previousSize }),
  };
}

function registerVerify(audit: Command): void {
  audit
    .command('verify')
    .description(
      'Verify an export offline against a cosigned checkpoint; names each entry that fails, a forged signature or a fork',
    )
    .argument('<export>', 'export file (JSON) from `foedera audit export`')
    .requiredOption('--checkpoint <file>', 'the cosigned checkpoint (signed note) to verify against')
    .requiredOption('--key <vkey>', "the log's verifier key (C2SP vkey, or a file holding it)")
    .option('--witness <vkey...>', 'trusted witness verifier keys (vkeys or files)', [])
    .option('--quorum <n>', 'witness cosignatures required (default: all given)', nonNegative('quorum'))
    .option(
      '--previous <file>',
      'an earlier checkpoint of the same log: the export must extend it (export with --since its size)',
    )
    .option('--json', 'print the result as JSON on stdout (nothing else there)')
    .addHelpText(
      'after',
      '\nExample:\n  $ foedera audit verify fra.json --checkpoint fra.json.checkpoint --key fra.vkey --witness deu.vkey eda.vkey\n',
    )
    .action(async (file: string, options: VerifyOptions) => {
      const outcome = await verify(file, options);
      if (!outcome.ok) {
        if (options.json === true) emit(options, outcome, () => '');
        else for (const finding of outcome.findings) console.error(finding.message);
        throw new FoederaError(
          'audit-verification-failed',
          `Audit export "${file}" does not verify: ${outcome.detail}`,
        );
      }
      emit(options, outcome, (o) => {
        const by = o.cosigners.join(', ') || 'no witness';
        const whole = o.complete ? ' (the whole log)' : '';
        const since =
          o.previousSize === undefined
            ? ''
            : `; it extends the previous checkpoint of size ${o.previousSize}`;
        return `Verified ${o.verified} entries [${o.start}, ${o.end}) of "${o.origin}" at size ${o.size}, cosigned by ${by}${whole}${since}`;
      });
    });
}

type EntryRow = { index: number; time: string; kind: string; actor: string; subject: string };

function registerReads(audit: Command): void {
  apiVerb(audit, {
    name: 'list',
    description: 'Search entries, newest first (filters combine)',
    examples: ['foedera audit list --home ./fed/FRA --user alice --family decision --subject dataset:d-42'],
  })
    .option('--kind <kind>', 'e.g. decision.deny')
    .option('--family <family>', 'e.g. decision, transfer, key')
    .option('--actor <actor>', 'e.g. user:alice@fra')
    .option('--subject <subject>', 'e.g. dataset:d-42')
    .option('--from <time>', 'entries at or after this time', dateTime('from'))
    .option('--to <time>', 'entries before this time', dateTime('to'))
    .option(
      '--before <index>',
      'only entries below this index (the previous page’s `next`)',
      nonNegative('before'),
    )
    .option('--limit <n>', 'at most this many (1-1000)', nonNegative('limit'))
    .action(async (options: ApiOptions & Record<string, string | number | undefined>) => {
      const query: Record<string, string | number | undefined> = {};
      for (const key of ['kind', 'family', 'actor', 'subject', 'from', 'to', 'before', 'limit'])
        query[key] = options[key];
      const page = await (
        await clientFor(options)
      ).call<{ treeHead: { size: number; root: string }; entries: EntryRow[]; next: number | null }>({
        action: 'search audit entries',
        path: '/v1/audit/entries',
        query,
      });
      emit(options, page, (p) =>
        [
          ...p.entries.map((e) => `${e.index}\t${e.time}\t${e.kind}\t${e.actor}\t${e.subject}`),
          ...(p.next === null ? [] : [`# more: --before ${p.next}`]),
        ].join('\n'),
      );
    });

  apiVerb(audit, {
    name: 'show',
    description: 'Show one entry with its inclusion proof in the latest checkpoint',
    examples: ['foedera audit show 42 --home ./fed/FRA --user alice'],
  })
    .argument('<index>')
    .action(async (index: string, options: ApiOptions) => {
      const at = nonNegative('index')(index);
      const body = await (
        await clientFor(options)
      ).call<unknown>({ action: `read audit entry ${at}`, path: `/v1/audit/entries/${at}` });
      emit(options, body, (b) => JSON.stringify(b, null, 2));
    });

  const proof = audit.command('proof').description('Fetch an inclusion or consistency proof (base64 hashes)');
  apiVerb(proof, {
    name: 'inclusion',
    description:
      'The inclusion proof of entry --index in the tree of --size entries (default: the current tree)',
    examples: ['foedera audit proof inclusion --index 42 --size 1000 --home ./fed/FRA --user alice'],
  })
    .requiredOption('--index <n>', 'the entry', nonNegative('index'))
    .option('--size <n>', 'tree size', nonNegative('size'))
    .action(async (options: ApiOptions & { index: number; size?: number }) => {
      const body = await (
        await clientFor(options)
      ).call<{ proof: string[] }>({
        action: `prove entry ${options.index}`,
        path: '/v1/audit/proof/inclusion',
        query: { index: options.index, size: options.size },
      });
      emit(options, { index: options.index, size: options.size ?? null, ...body }, (b) => b.proof.join('\n'));
    });
  apiVerb(proof, {
    name: 'consistency',
    description: 'The consistency proof between the trees of --first and --second entries',
    examples: ['foedera audit proof consistency --first 100 --second 1000 --home ./fed/FRA --user alice'],
  })
    .requiredOption('--first <n>', 'earlier tree size', nonNegative('first'))
    .requiredOption('--second <n>', 'later tree size', nonNegative('second'))
    .action(async (options: ApiOptions & { first: number; second: number }) => {
      const body = await (
        await clientFor(options)
      ).call<{ proof: string[] }>({
        action: `prove consistency from ${options.first} to ${options.second}`,
        path: '/v1/audit/proof/consistency',
        query: { first: options.first, second: options.second },
      });
      emit(options, { first: options.first, second: options.second, ...body }, (b) => b.proof.join('\n'));
    });

  apiVerb(audit, {
    name: 'checkpoint',
    description: 'Print the latest checkpoint with the cosignatures it collected (a C2SP signed note)',
    examples: ['foedera audit checkpoint --home ./fed/FRA --user alice > fra.checkpoint'],
  }).action(async (options: ApiOptions) => {
    const note = await (
      await clientFor(options)
    ).call<string>({ action: 'read the audit checkpoint', path: '/v1/audit/checkpoint' });
    const [origin, size, root] = note.split('\n');
    if (options.json === true) emit(options, { origin, size: Number(size), root, note }, () => '');
    else process.stdout.write(note);
  });

  for (const [name, path, description] of [
    ['keys', 'keys', "The node's log and witness verifier keys (C2SP vkeys), and its peers'"],
    ['peers', 'peers', 'The peers this node witnesses, with the latest head it cosigned for each'],
    ['alarms', 'alarms', 'Forks and rollbacks of peer logs this node detected, with their signed evidence'],
  ] as const) {
    apiVerb(audit, {
      name,
      description,
      examples: [`foedera audit ${name} --home ./fed/FRA --user alice`],
    }).action(async (options: ApiOptions) => {
      const body = await (
        await clientFor(options)
      ).call<unknown>({ action: `read audit ${name}`, path: `/v1/audit/${path}` });
      emit(options, body, (b) => JSON.stringify(b, null, 2));
    });
  }
}

function registerExport(audit: Command): void {
  apiVerb(audit, {
    name: 'export',
    description: 'Export a range with inclusion proofs, and its checkpoint, for offline verification',
    examples: ['foedera audit export --start 0 --end 500 -o fra.json --home ./fed/FRA --user alice'],
  })
    .requiredOption('--start <index>', 'first index', nonNegative('start'))
    .requiredOption('--end <index>', 'index after the last', nonNegative('end'))
    .requiredOption('-o, --out <file>', 'export file to write; the checkpoint goes to <file>.checkpoint')
    .option(
      '--since <size>',
      'add a consistency proof from this earlier tree size (for verify --previous)',
      nonNegative('since'),
    )
    .action(async (options: ApiOptions & { start: number; end: number; out: string; since?: number }) => {
      if (options.start > options.end)
        throw new InvalidInputError('start', `Invalid --start ${options.start}: after --end ${options.end}`);
      const client = await clientFor(options);
      const checkpoint = await client.call<string>({
        action: 'read the audit checkpoint',
        path: '/v1/audit/checkpoint',
      });
      const size = Number(checkpoint.split('\n')[1]);
      const exported = await client.call<{ start: number; end: number; entries: unknown[] }>({
        action: `export audit entries [${options.start}, ${options.end})`,
        path: '/v1/audit/export',
        query: { start: options.start, end: options.end, size, since: options.since },
      });
      await writeFile(options.out, `${JSON.stringify(exported)}\n`);
      await writeFile(`${options.out}.checkpoint`, checkpoint);
      const written = {
        export: options.out,
        checkpoint: `${options.out}.checkpoint`,
        size,
        start: exported.start,
        end: exported.end,
        entries: exported.entries.length,
      };
      emit(
        options,
        written,
        (w) =>
          `Wrote ${w.entries} entries [${w.start}, ${w.end}) to ${w.export} and ${w.checkpoint} (tree size ${w.size})`,
      );
    });
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('Read and verify the tamper-evident audit log');
  registerVerify(audit);
  registerReads(audit);
  registerExport(audit);
  return audit;
}

export function registerAudit(program: Command): void {
  program.addCommand(auditCommand());
}
