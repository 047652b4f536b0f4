/**
 * docs/cli.md, generated from the program's own `--help` texts so that the reference cannot drift from the command:
 * `node --import tsx src/cli/docs/write-cli-reference.ts` rewrites it, and test/e2e/cli-docs.test.ts fails when it
 * is stale.
 */
import type { Command } from 'commander';
import { format, resolveConfig } from 'prettier';
import { buildProgram } from '../program.ts';

const HELP_WIDTH = 110;

const INTRO = `# The \`foedera\` command

Generated from the command's own help by \`node --import tsx src/cli/docs/write-cli-reference.ts\`; do not edit by
hand. In a clone the command is \`node bin/foedera.js\` (\`npm link\` puts \`foedera\` on the PATH).

## Talking to a running node

The verbs over the management API (\`dataset\`, \`catalog\`, \`negotiation\`, \`agreement\`, \`transfer\`, \`me\`,
\`status\`, \`trust\`) find the node in one of two ways:

- \`--home DIR --user NAME\`: the management URL from \`DIR/run.json\` (written by \`foedera node start\`), and a
  30-minute token issued for \`NAME\` by the node's local identity provider, as \`foedera token issue\` does;
- \`--url URL --token JWT\`: any node, with a token from wherever it comes (a national identity provider).

\`FOEDERA_HOME\`, \`FOEDERA_USER\`, \`FOEDERA_URL\` and \`FOEDERA_TOKEN\` stand in for the flags. Output is text for
people by default (aligned tables, labels as banners such as \`NATO SECRET // REL TO FRA, DEU\`); \`--json\` prints
the API's answer as JSON on stdout and nothing else there. Progress (\`--wait\`) is drawn on stderr, only on a
terminal. Errors are one line on stderr: the problem document's detail, its code and HTTP status.

## Exit codes

| code | meaning |
| ---- | ------- |
| 0 | success (also \`--help\`, \`--version\`) |
| 1 | failure: the node unreachable or broken, a thing not found, a wait that timed out |
| 2 | usage error: unknown command or option, invalid argument or field (the message names the flag) |
| 3 | refused: token not accepted, not permitted, a state that forbids it (HTTP 401, 403, 409, 422), or a negotiation or transfer that ended TERMINATED |
`;

function verbs(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  const here = [...path, command.name()];
  return [{ path: here, command }, ...command.commands.flatMap((c) => verbs(c, here))];
}

function help(command: Command): string {
  let text = '';
  command.configureHelp({ ...command.configureHelp(), helpWidth: HELP_WIDTH });
  command.configureOutput({
    writeOut: (s) => (text += s),
    writeErr: (s) => (text += s),
    getOutHelpWidth: () => HELP_WIDTH,
    getErrHelpWidth: () => HELP_WIDTH,
    getOutHasColors: () => false,
    getErrHasColors: () => false,
  });
  // outputHelp, not helpInformation: the examples are added on the help event.
  command.outputHelp();
  return text.trimEnd();
}

/** The markdown reference of every verb, in the order they are registered. */
export function cliReference(): string {
  // Defaults read from the environment would make the text depend on the shell that generated it.
  for (const name of Object.keys(process.env)) if (name.startsWith('FOEDERA_')) delete process.env[name];
  const program = buildProgram();
  const all = verbs(program).slice(1);
  const toc = all.map(({ path }) => {
    const name = path.join(' ');
    return `${'  '.repeat(path.length - 2)}- [\`${name}\`](#${name.replace(/ /g, '-')})`;
  });
  const sections = all.map(
    ({ path, command }) =>
      `${'#'.repeat(Math.min(path.length + 1, 4))} ${path.join(' ')}\n\n\`\`\`text\n${help(command)}\n\`\`\`\n`,
  );
  return `${INTRO}\n## Verbs\n\n${toc.join('\n')}\n\n${sections.join('\n')}`;
}

/** The reference as docs/cli.md holds it: formatted as the repository formats markdown (npm run format:check). */
export async function formattedCliReference(file: string): Promise<string> {
  return format(cliReference(), { ...(await resolveConfig(file)), filepath: file });
}
