/** `foedera node start`: runs a participant's node in the foreground until SIGTERM or SIGINT. */
import type { Command } from 'commander';

export function registerNode(program: Command): void {
  const node = program.command('node').description('Run a participant node');
  node
    .command('start')
    .description('Start the node of a participant home: protocol endpoint (mutual TLS) and management API')
    .requiredOption('--home <dir>', 'participant home, e.g. federation/FRA')
    .action(async (options: { home: string }) => {
      // The node's graph is loaded only by this verb, so other verbs start quickly.
      const { runNode } = await import('../../node/run-node.ts');
      await runNode(options.home);
    });
}
