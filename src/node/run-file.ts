/** `HOME/run.json`: where a running node listens, so that the CLI, tests and operators can find it. */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const RUN_FILE = 'run.json';

export type RunInfo = {
  pid: number;
  participantId: string;
  protocolUrl: string;
  managementUrl: string;
  startedAt: string;
};

export async function writeRunFile(home: string, info: RunInfo): Promise<void> {
  const file = join(home, RUN_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(info, null, 2) + '\n', { mode: 0o644 });
  await rename(`${file}.tmp`, file);
}

export async function removeRunFile(home: string): Promise<void> {
  await rm(join(home, RUN_FILE), { force: true });
}

/** The run file of a node that is alive (its pid answers), or undefined. */
export async function readLiveRunFile(home: string): Promise<RunInfo | undefined> {
  let info: RunInfo;
  try {
    info = JSON.parse(await readFile(join(home, RUN_FILE), 'utf8')) as RunInfo;
  } catch {
    return undefined;
  }
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
