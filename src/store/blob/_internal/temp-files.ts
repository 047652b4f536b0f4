import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Temporary names carry the writer's pid so that a later open can tell leftovers from another live writer's. */
export function tempName(): string {
  return `${process.pid}-${randomUUID()}.part`;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the partial writes of processes that are gone (a crash, a SIGKILL); returns how many. */
export async function removeLeftovers(tempDir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tempDir)) {
    const pid = Number(name.split('-', 1)[0]);
    if (Number.isSafeInteger(pid) && pid > 0 && isRunning(pid)) continue;
    await rm(join(tempDir, name), { force: true, recursive: true });
    removed++;
  }
  return removed;
}
