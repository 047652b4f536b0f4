/**
 * The node's own entry: `foedera node start --home DIR` exactly as written is run from here by bin/foedera.js, so
 * that a node process does not also hold the command line (commander and every other verb, about 1 MB of heap). Any
 * other form, `--help` included, goes through the command line, which runs the same `runNode`.
 */
import { endOnClosedPipe, reportFailure } from '../cli/report-failure.ts';
import { runNode } from './run-node.ts';

endOnClosedPipe();
const home = process.argv[process.argv.length - 1];
try {
  if (home === undefined) throw new Error('Missing --home');
  await runNode(home);
} catch (error) {
  reportFailure(error);
}
