/**
 * The CLI reference stays true: docs/cli.md is what the program's own help says, and every verb over the management
 * API explains itself with an example.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { Command } from 'commander';
import { formattedCliReference } from '../../src/cli/docs/cli-reference.ts';
import { CLI_REFERENCE_FILE } from '../../src/cli/docs/write-cli-reference.ts';
import { buildProgram } from '../../src/cli/program.ts';

function verbs(command: Command, path = ''): { name: string; command: Command }[] {
  const name = `${path} ${command.name()}`.trim();
  return [{ name, command }, ...command.commands.flatMap((c) => verbs(c, name))];
}

function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  command.outputHelp();
  return text;
}

test('docs/cli.md is the help of the program as it is', async () => {
  const expected = await formattedCliReference(CLI_REFERENCE_FILE);
  const actual = await readFile(CLI_REFERENCE_FILE, 'utf8');
  assert.ok(
    actual === expected,
    'docs/cli.md is stale: run `node --import tsx src/cli/docs/write-cli-reference.ts` and commit it',
  );
});

test('every verb that answers with --json has a description and an example in its help', () => {
  const withJson = verbs(buildProgram()).filter(({ command }) =>
    command.options.some((o) => o.long === '--json'),
  );
  assert.ok(withJson.length >= 25, `only ${withJson.length} verbs with --json`);
  for (const { name, command } of withJson) {
    assert.notEqual(command.description(), '', `${name} has no description`);
    assert.match(helpOf(command), /\nExamples?:\n {2}\$ foedera /, `${name} --help shows no example`);
  }
});
