/**
 * A real federation for the console tests: a fresh directory with FRA and DEU, a user with attributes on each, and
 * FRA's node started as its own process (the same `foedera node start` an operator runs), on free ports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueUserToken } from '../../../src/cli/commands/token.ts';
import { usersFile } from '../../../src/cli/commands/user.ts';
import { spawnNode, type SpawnedNode } from '../../../src/node/spawn-node.ts';
import type { RunInfo } from '../../../src/node/run-file.ts';
import { createFederation } from '../../../src/trust/federation/create-federation.ts';
import type { UserAttributes } from '../../../src/trust/tokens/claims.ts';
import { readUserDirectory, writeUserDirectory } from '../../../src/trust/tokens/users-file.ts';

export const USERS: Readonly<Record<string, { user: string; attributes: UserAttributes }>> = {
  FRA: {
    user: 'alice',
    attributes: {
      nationality: 'FRA',
      clearances: { NATO: 'NATO SECRET', FRA: 'SECRET' },
      coi: ['EUFOR'],
      roles: ['analyst', 'data-steward'],
    },
  },
  DEU: {
    user: 'bernd',
    attributes: { nationality: 'DEU', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['analyst'] },
  },
};

export type TestFederation = {
  readonly dir: string;
  readonly fra: RunInfo;
  token(participant: keyof typeof USERS & string): Promise<string>;
  close(): Promise<void>;
};

/** Builds web/dist if it is missing or stale, as `npm start` does. */
export function buildConsole(): void {
  const script = fileURLToPath(new URL('../../../web/scripts/build-if-stale.js', import.meta.url));
  const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`Cannot build the console: exit ${result.status}`);
}

export async function startFederation(): Promise<TestFederation> {
  const dir = await mkdtemp(join(tmpdir(), 'foedera-console-'));
  const fed = join(dir, 'fed');
  await createFederation({
    dir: fed,
    name: 'Console test',
    participants: Object.keys(USERS).map((id) => ({ id })),
    now: new Date(),
  });
  for (const [id, { user, attributes }] of Object.entries(USERS)) {
    const file = await usersFile(join(fed, id));
    const directory = await readUserDirectory(file);
    directory.users[user] = attributes;
    await writeUserDirectory(file, directory);
  }
  const { DATABASE_URL: _embedded, ...env } = process.env;
  const nodes: SpawnedNode[] = [
    spawnNode({ home: join(fed, 'FRA'), env: { ...env, FOEDERA_LOG_LEVEL: 'warn' } }),
  ];
  const close = async (): Promise<void> => {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.exited));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [fra] = await Promise.all(nodes.map((n) => n.ready));
    if (fra === undefined) throw new Error('Cannot start the FRA node');
    return {
      dir,
      fra,
      token: async (participant) =>
        issueUserToken({ home: join(fed, participant), user: USERS[participant]?.user ?? '', ttl: '1h' }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
