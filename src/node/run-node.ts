/**
 * Runs a participant's node in the foreground until SIGTERM or SIGINT: what `foedera node start` does, whether it
 * comes through the command line (src/cli/commands/node.ts) or through the node's own entry (./main.ts).
 */
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';

export async function runNode(home: string): Promise<void> {
  // Signals are taken from the start: a stop asked for while the stores open (the first start creates the
  // embedded database) waits for the start to finish instead of killing the process in the middle of initdb.
  let stopRequested: NodeJS.Signals | undefined;
  let stop: (signal: NodeJS.Signals) => void = (signal) => (stopRequested = signal);
  const onSignal = (signal: NodeJS.Signals): void => stop(signal);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  // PGlite's WebAssembly is compiled by Liftoff only: TurboFan's optimised code for its hot functions kept about
  // 60 MB resident for a third more SQL throughput, which a node's metadata load does not need. Set before the
  // module is compiled; FOEDERA_WASM_TIER_UP=1 keeps V8's default.
  if (process.env.FOEDERA_WASM_TIER_UP !== '1') setFlagsFromString('--liftoff-only');
  // The node's graph (Fastify, PGlite, the S3 client) is loaded only here, so other verbs start quickly.
  const { startNode } = await import('./compose.ts');
  const running = await startNode({ home: resolve(home) });
  const { protocolUrl, managementUrl } = running.run;
  if (process.stdout.isTTY) {
    console.error(`Node ${running.run.participantId}: protocol ${protocolUrl}, management ${managementUrl}`);
  }
  await new Promise<void>((done) => {
    stop = (signal) => {
      running.context.logger.info({ signal }, 'Shutting down');
      running.close().then(done, (error: unknown) => {
        running.context.logger.error({ err: error }, 'Shutdown failed');
        process.exitCode = 1;
        done();
      });
    };
    if (stopRequested !== undefined) stop(stopRequested);
  });
}
