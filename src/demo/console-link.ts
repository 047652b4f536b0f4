/**
 * The login link printed for a demo user: the console of the user's node, the token, and where the node's peers
 * listen (`peers=DEU=https://…/dsp,EDA=…`), which the console needs to address a negotiation or a transfer to the
 * publisher of a dataset it found in the federated catalog. Everything is in the fragment, which never leaves the
 * browser; the console takes it out of the address bar at once.
 */
import { dspAddress, type DemoNode } from './seed.ts';

export function consoleLink(options: { node: DemoNode; peers: readonly DemoNode[] }): string {
  const { node } = options;
  const peers = options.peers
    .filter((p) => p.participant !== node.participant)
    .map((p) => `${p.participant}=${dspAddress(p.protocolUrl)}`)
    .join(',');
  return `${node.managementUrl}/console/#token=${node.token}${peers === '' ? '' : `&peers=${encodeURIComponent(peers)}`}`;
}
