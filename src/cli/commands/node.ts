/** `foedera node start`: runs a participant's node in the foreground until SIGTERM or SIGINT. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startNode } from '../../node/compose.ts';

export function registerNode(program: Command): void {
  const node = program.command('node').description('Run a participant node');
  node
    .command('start')
    .description('Start the node of a participant home: protocol endpoint (mutual TLS) and management API')
    .requiredOption('--home <dir>', 'participant home, e.g. federation/FRA')
    .action(async (options: { home: string }) => {
      const running = await startNode({ home: resolve(options.home) });
      const { protocolUrl, managementUrl } = running.run;
      if (process.stdout.isTTY)
        console.error(
          `Node ${running.run.participantId}: protocol ${protocolUrl}, management ${managementUrl}`,
        );
      await new Promise<void>((done) => {
        const stop = (signal: NodeJS.Signals): void => {
          running.context.logger.info({ signal }, 'Shutting down');
          void running.close().then(done, (error: unknown) => {
            running.context.logger.error({ err: error }, 'Shutdown failed');
            process.exitCode = 1;
            done();
          });
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}
