/**
 * A provider's DSP base address as the protocol routes want it. Operators know a node by its protocol endpoint
 * (run.json `protocolUrl`); nodes serve the Dataspace Protocol under `/dsp` (DSP_PATH in src/protocol/node/runtime.ts,
 * not imported: it would load the node's protocol runtime into every CLI call), so a bare endpoint gets that path.
 */
import { InvalidInputError } from '../../shared/errors.ts';

const DSP_PATH = '/dsp';

export function dspAddress(value: string, option = 'address'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInputError(option, `Invalid --${option} "${value}": expected https://host:port[/dsp]`);
  }
  if (url.protocol !== 'https:') {
    throw new InvalidInputError(
      option,
      `Invalid --${option} "${value}": peers speak only HTTPS (mutual TLS)`,
    );
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? DSP_PATH : path}`;
}
