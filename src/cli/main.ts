/** The `foedera` command line: operator and user verbs over the node's stores and management API. */
import { Command } from 'commander';

const program = new Command('foedera')
  .description('Foedera: a federated data space for European defence')
  .showHelpAfterError();

await program.parseAsync(process.argv);
