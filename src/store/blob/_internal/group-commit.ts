import type { FileHandle } from 'node:fs/promises';
import { rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir } from './fsync-dir.ts';

/** A blob whose bytes are written (not yet durable) to `part`, to appear as `final` once durable. */
export type WrittenBlob = { readonly handle: FileHandle; readonly part: string; readonly final: string };

type Waiting = WrittenBlob & { readonly done: (error?: unknown) => void };

/**
 * Group commit of blobs: every blob waiting when a round starts has its data flushed (all in parallel, so the
 * filesystem shares journal commits among them instead of one commit per blob), then is renamed to its name, then
 * each directory that received a name is fsynced once. `commit` resolves only after the round that covered its
 * rename, so a name a caller is told about always points to complete, durable bytes; a blob that arrives during a
 * round waits for the next one (a flush started before its rename would not cover it). A crash leaves at most
 * temporary files, removed on the next open.
 */
export function groupCommitter(): (blob: WrittenBlob) => Promise<void> {
  let queue: Waiting[] = [];
  let running = false;

  async function round(batch: readonly Waiting[]): Promise<void> {
    const failed = new Map<Waiting, unknown>();
    await Promise.all(
      batch.map(async (blob) => {
        try {
          await blob.handle.datasync();
        } catch (error) {
          failed.set(blob, error);
        } finally {
          await blob.handle.close().catch(() => {});
        }
      }),
    );
    const renamed = batch.filter((blob) => !failed.has(blob));
    await Promise.all(
      renamed.map(async (blob) => {
        try {
          await rename(blob.part, blob.final);
        } catch (error) {
          failed.set(blob, error);
        }
      }),
    );
    const directories = new Map<string, Waiting[]>();
    for (const blob of renamed) {
      if (failed.has(blob)) continue;
      const dir = dirname(blob.final);
      directories.set(dir, [...(directories.get(dir) ?? []), blob]);
    }
    await Promise.all(
      [...directories].map(async ([dir, blobs]) => {
        try {
          await fsyncDir(dir);
        } catch (error) {
          for (const blob of blobs) failed.set(blob, error);
        }
      }),
    );
    for (const blob of batch) blob.done(failed.get(blob));
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        await round(batch);
      }
    } finally {
      running = false;
    }
  }

  return (blob) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ ...blob, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!running) void drain();
    });
}
