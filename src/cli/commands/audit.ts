/**
 * `foedera audit`: verify an export offline against a cosigned checkpoint (no node needed: the auditor's own
 * machine, pinned keys), and read the log through a node's management API (list, show, checkpoint, export, alarms).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { verifyExport } from '../../audit/export/verify-export.ts';
import { parseVerifierKey, type NoteVerifier } from '../../audit/note/keys.ts';

type ApiOptions = { api: string; token?: string };

async function keyFrom(value: string): Promise<NoteVerifier> {
  // A vkey given directly, or a file that holds one.
  const text = value.includes('+') ? value : await readFile(value, 'utf8').catch(() => value);
  return parseVerifierKey(text.trim());
}

async function api(options: ApiOptions, path: string): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = options.token ?? process.env['FOEDERA_TOKEN'];
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(new URL(path, options.api.endsWith('/') ? options.api : `${options.api}/`), {
    headers,
  });
  if (!res.ok) {
    const body = await res.text();
    let detail = body;
    try {
      detail = (JSON.parse(body) as { detail?: string }).detail ?? body;
    } catch {
      // not a problem document: show the text
    }
    throw new FoederaError(
      res.status === 401 || res.status === 403 ? 'forbidden' : 'peer-refused',
      `Cannot read ${path}: HTTP ${res.status}: ${detail}`,
    );
  }
  return res;
}

function withApi(command: Command): Command {
  return command
    .requiredOption(
      '--api <url>',
      "the node's management API base URL (or FOEDERA_API)",
      process.env['FOEDERA_API'],
    )
    .option('--token <token>', 'bearer token (or FOEDERA_TOKEN)');
}

function nonNegative(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new InvalidInputError(name, `Cannot use ${name} "${value}": expected a non-negative integer`);
    return n;
  };
}

export function auditCommand(): Command {
  const audit = new Command('audit').description('Read and verify the tamper-evident audit log');

  audit
    .command('verify')
    .description('Verify an export offline against a cosigned checkpoint; names the first entry that fails')
    .argument('<export>', 'export file (JSON) from `foedera audit export`')
    .requiredOption('--checkpoint <file>', 'the cosigned checkpoint (signed note) to verify against')
    .requiredOption('--key <vkey>', "the log's verifier key (C2SP vkey, or a file holding it)")
    .option('--witness <vkey...>', 'trusted witness verifier keys (vkeys or files)', [])
    .option('--quorum <n>', 'witness cosignatures required (default: all given)', nonNegative('quorum'))
    .action(
      async (
        file: string,
        options: { checkpoint: string; key: string; witness: string[]; quorum?: number },
      ) => {
        const exported = JSON.parse(await readFile(file, 'utf8')) as unknown;
        const note = await readFile(options.checkpoint, 'utf8');
        const witnesses = await Promise.all(options.witness.map(keyFrom));
        const result = verifyExport(exported, note, {
          logKey: await keyFrom(options.key),
          witnesses,
          ...(options.quorum === undefined ? {} : { quorum: options.quorum }),
        });
        if (!result.ok) {
          if ('findings' in result) for (const finding of result.findings) console.error(finding.message);
          throw new FoederaError(
            'audit-verification-failed',
            `Audit export "${file}" does not verify: ${result.detail}`,
          );
        }
        const { start, end, verified, complete, checkpoint } = result.value;
        const by = checkpoint.cosigners.map((c) => c.name).join(', ') || 'no witness';
        console.log(
          `Verified ${verified} entries [${start}, ${end}) of "${checkpoint.checkpoint.origin}" at size ${checkpoint.checkpoint.size}, cosigned by ${by}${complete ? ' (the whole log)' : ''}`,
        );
      },
    );

  withApi(audit.command('list').description('List entries, newest first'))
    .option('--kind <kind>', 'e.g. decision.deny')
    .option('--family <family>', 'e.g. decision, transfer, key')
    .option('--actor <actor>')
    .option('--subject <subject>')
    .option('--before <index>', 'only entries below this index (paging)', nonNegative('before'))
    .option('--limit <n>', 'at most this many (1-1000)', nonNegative('limit'))
    .action(async (options: ApiOptions & Record<string, string | number | undefined>) => {
      const query = new URLSearchParams();
      for (const key of ['kind', 'family', 'actor', 'subject', 'before', 'limit']) {
        const value = options[key];
        if (value !== undefined) query.set(key, String(value));
      }
      const body = (await (await api(options, `entries?${query.toString()}`)).json()) as {
        entries: { index: number; time: string; kind: string; actor: string; subject: string }[];
      };
      for (const e of body.entries) console.log(`${e.index}\t${e.time}\t${e.kind}\t${e.actor}\t${e.subject}`);
    });

  withApi(
    audit.command('show').description('Show one entry with its inclusion proof').argument('<index>'),
  ).action(async (index: string, options: ApiOptions) => {
    console.log(
      JSON.stringify(await (await api(options, `entries/${nonNegative('index')(index)}`)).json(), null, 2),
    );
  });

  withApi(audit.command('checkpoint').description('Print the latest cosigned checkpoint')).action(
    async (options: ApiOptions) => {
      process.stdout.write(await (await api(options, 'checkpoint')).text());
    },
  );

  withApi(audit.command('keys').description("Print the node's log and witness verifier keys")).action(
    async (options: ApiOptions) => {
      console.log(JSON.stringify(await (await api(options, 'keys')).json(), null, 2));
    },
  );

  withApi(audit.command('alarms').description('List fork and rollback alarms raised as a witness')).action(
    async (options: ApiOptions) => {
      console.log(JSON.stringify(await (await api(options, 'alarms')).json(), null, 2));
    },
  );

  withApi(
    audit
      .command('export')
      .description('Export a range with inclusion proofs, and its checkpoint, for offline verification'),
  )
    .requiredOption('--start <index>', 'first index', nonNegative('start'))
    .requiredOption('--end <index>', 'index after the last', nonNegative('end'))
    .requiredOption('-o, --out <file>', 'export file to write; the checkpoint goes to <file>.checkpoint')
    .action(async (options: ApiOptions & { start: number; end: number; out: string }) => {
      const checkpoint = await (await api(options, 'checkpoint')).text();
      const size = Number(checkpoint.split('\n')[1]);
      const exported = await (
        await api(options, `export?start=${options.start}&end=${options.end}&size=${size}`)
      ).text();
      await writeFile(options.out, exported);
      await writeFile(`${options.out}.checkpoint`, checkpoint);
      console.log(`Wrote ${options.out} and ${options.out}.checkpoint (tree size ${size})`);
    });

  return audit;
}

export function registerAudit(program: Command): void {
  program.addCommand(auditCommand());
}
