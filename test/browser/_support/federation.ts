/**
 * A real federation for the console tests: a fresh directory with FRA and DEU, a user with attributes on each, both
 * nodes started as their own processes (the same `foedera node start` an operator runs) on free ports, then seeded
 * with the demo's datasets and linked catalogs exactly as `npm start` does (src/demo), through the management API.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueUserToken } from '../../../src/cli/commands/token.ts';
import { usersFile } from '../../../src/cli/commands/user.ts';
import { consoleLink } from '../../../src/demo/console-link.ts';
import { DEMO_DATASETS } from '../../../src/demo/datasets.ts';
import { seedFederation, type DemoNode, type SeedReport } from '../../../src/demo/seed.ts';
import { spawnNode, type SpawnedNode } from '../../../src/node/spawn-node.ts';
import type { RunInfo } from '../../../src/node/run-file.ts';
import { createFederation } from '../../../src/trust/federation/create-federation.ts';
import type { UserAttributes } from '../../../src/trust/tokens/claims.ts';
import { readUserDirectory, writeUserDirectory } from '../../../src/trust/tokens/users-file.ts';

export const USERS = {
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
} as const satisfies Record<string, { user: string; attributes: UserAttributes }>;

export type Participant = keyof typeof USERS;

/** A second user of DEU's node whose nationality no EU label releases to: a liaison officer of a non-EU ally. */
export const LIAISON = {
  user: 'sam',
  attributes: { nationality: 'USA', clearances: { NATO: 'NATO SECRET' }, coi: [], roles: ['liaison'] },
} as const satisfies { user: string; attributes: UserAttributes };

export type TestFederation = {
  readonly dir: string;
  readonly fra: RunInfo;
  readonly deu: RunInfo;
  readonly seeded: SeedReport;
  /** Seeds again, as a second `npm start` does. */
  reseed(): Promise<SeedReport>;
  token(participant: Participant, user?: string): Promise<string>;
  /** The login link `npm start` prints for the participant's user: token and peer addresses. */
  loginLink(participant: Participant): Promise<string>;
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
  const ids = Object.keys(USERS) as Participant[];
  await createFederation({
    dir: fed,
    name: 'Console test',
    participants: ids.map((id) => ({ id })),
    now: new Date(),
  });
  for (const id of ids) {
    const file = await usersFile(join(fed, id));
    const directory = await readUserDirectory(file);
    directory.users[USERS[id].user] = USERS[id].attributes;
    if (id === 'DEU') directory.users[LIAISON.user] = LIAISON.attributes;
    await writeUserDirectory(file, directory);
  }
  const { DATABASE_URL: _embedded, ...env } = process.env;
  const nodes: SpawnedNode[] = ids.map((id) =>
    spawnNode({ home: join(fed, id), env: { ...env, FOEDERA_LOG_LEVEL: 'error' }, timeoutMs: 300_000 }),
  );
  const close = async (): Promise<void> => {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.exited));
    await rm(dir, { recursive: true, force: true });
  };
  const token = async (participant: Participant, user: string = USERS[participant].user): Promise<string> =>
    issueUserToken({ home: join(fed, participant), user, ttl: '1h' });
  try {
    const [fra, deu] = await Promise.all(nodes.map((n) => n.ready));
    if (fra === undefined || deu === undefined) throw new Error('Cannot start the FRA and DEU nodes');
    const demoNodes: DemoNode[] = await Promise.all(
      ids.map(async (participant, index) => {
        const run = index === 0 ? fra : deu;
        return {
          participant,
          managementUrl: run.managementUrl,
          protocolUrl: run.protocolUrl,
          token: await token(participant),
        };
      }),
    );
    const datasets = { FRA: DEMO_DATASETS.FRA ?? [], DEU: DEMO_DATASETS.DEU ?? [] };
    const seeded = await seedFederation({ nodes: demoNodes, datasets });
    return {
      dir,
      fra,
      deu,
      seeded,
      reseed: () => seedFederation({ nodes: demoNodes, datasets }),
      token,
      loginLink: async (participant) => {
        const node = demoNodes.find((n) => n.participant === participant);
        if (node === undefined) throw new Error(`No node ${participant}`);
        return consoleLink({ node: { ...node, token: await token(participant) }, peers: demoNodes });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
