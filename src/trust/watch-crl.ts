/**
 * Applies the revocation list file whenever it changes. The directory is watched (a publisher replaces the file by
 * rename, which a watch on the file itself would lose) and the file is also polled every 250 ms, because directory
 * events are not delivered on every file system (network shares, some containers).
 */
import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import type { RevocationState } from './revocation-state.ts';

export function watchCrlFile(options: {
  file: string;
  revocation: RevocationState;
  logger: Logger;
}): () => void {
  const { file, revocation, logger } = options;
  let lastSeen = '';
  let running: Promise<void> | undefined;
  let again = false;

  const check = async (): Promise<void> => {
    let signature: string;
    try {
      const info = await stat(file);
      signature = `${info.mtimeMs}:${info.size}:${info.ino}`;
      if (signature === lastSeen) return;
      const pem = await readFile(file, 'utf8');
      lastSeen = signature;
      const result = await revocation.apply(pem);
      if (!result.ok)
        logger.warn({ file, reason: result.reason, detail: result.detail }, 'Revocation list not applied');
      else if (result.value === 'applied') {
        logger.info({ file, revoked: revocation.current.revoked.size }, 'Revocation list applied');
      } else if (result.value === 'deferred') {
        const until = revocation.pending?.thisUpdate.toISOString();
        logger.warn({ file, until }, 'Revocation list dated in the future: applied when its time comes');
      }
    } catch (cause) {
      logger.warn({ file, detail: (cause as Error).message }, 'Cannot read revocation list');
    }
  };
  // Coalesces bursts of events into at most one check in flight plus one queued.
  const trigger = (): void => {
    if (running !== undefined) {
      again = true;
      return;
    }
    running = check().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        trigger();
      }
    });
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), (_event, name) => {
      if (name === null || name === basename(file)) trigger();
    });
    watcher.on('error', (cause) =>
      logger.warn({ file, detail: cause.message }, 'Revocation list watch failed'),
    );
  } catch (cause) {
    logger.warn({ file, detail: (cause as Error).message }, 'Cannot watch revocation list; polling only');
  }
  const timer = setInterval(trigger, 250);
  timer.unref();
  trigger();
  return () => {
    clearInterval(timer);
    watcher?.close();
  };
}
