/** Signs a checkpoint on an interval whenever the log grew (see ../store/checkpoints.ts for crash safety). */
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { NoteSigner } from '../note/keys.ts';
import { publishCheckpoint, type StoredCheckpoint } from '../store/checkpoints.ts';
import { loop } from './witness-worker.ts';

export function startCheckpointPublisher(options: {
  store: MetadataStore;
  signer: NoteSigner;
  intervalMs: number;
  signal: AbortSignal;
  onPublished?: (checkpoint: StoredCheckpoint) => void;
}): Promise<void> {
  return loop(options.intervalMs, options.signal, async () => {
    const result = await publishCheckpoint(options.store, { signer: options.signer });
    if (result.published) options.onPublished?.(result.checkpoint);
  });
}
