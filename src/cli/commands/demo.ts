/**
 * `foedera demo` (what `npm start` runs): the newcomer's path. Creates a three-participant federation (FRA, DEU and
 * the European Defence Agency) with a demo user each in `./.foedera/` if absent, starts the three nodes as child
 * processes on the embedded stores, prints where each listens and a token per user; Ctrl-C stops them all.
 */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../shared/clock.ts';
import { FoederaError } from '../../shared/errors.ts';
import { createFederation } from '../../trust/federation/create-federation.ts';
import { spawnNode } from '../../node/spawn-node.ts';
import { readUserDirectory, writeUserDirectory } from '../../trust/tokens/users-file.ts';
import type { UserAttributes } from '../../trust/tokens/claims.ts';
import { issueUserToken } from './token.ts';
import { usersFile } from './user.ts';

const DEMO_USERS: Readonly<Record<string, { user: string; attributes: UserAttributes }>> = {
  FRA: {
    user: 'alice',
    attributes: {
      nationality: 'FRA',
      clearances: { FRA: 'SECRET', NATO: 'NATO SECRET', EU: 'SECRET UE/EU SECRET' },
      coi: ['EUFOR'],
      roles: ['analyst', 'data-steward'],
    },
  },
  DEU: {
    user: 'bernd',
    attributes: {
      nationality: 'DEU',
      clearances: { DEU: 'GEHEIM', NATO: 'NATO SECRET' },
      coi: ['EUFOR'],
      roles: ['analyst'],
    },
  },
  EDA: {
    user: 'chiara',
    attributes: {
      nationality: 'ITA',
      clearances: { EU: 'CONFIDENTIEL UE/EU CONFIDENTIAL', ITA: 'RISERVATISSIMO' },
      coi: ['EUFOR', 'EDA-CAPABILITIES'],
      roles: ['analyst'],
    },
  },
};

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Create a local three-participant federation in ./.foedera (if absent) and run its nodes')
    .option('--dir <dir>', 'federation directory', '.foedera')
    .action(async (options: { dir: string }) => runDemo(resolve(options.dir)));
}

async function runDemo(dir: string): Promise<void> {
  if (
    !(await access(join(dir, 'ca.crt.pem')).then(
      () => true,
      () => false,
    ))
  ) {
    console.log(`Creating a demo federation in ${dir} …`);
    await createFederation({
      dir,
      name: 'Foedera demo',
      participants: Object.keys(DEMO_USERS).map((id) => ({ id })),
      now: systemClock(),
    });
    for (const [id, { user, attributes }] of Object.entries(DEMO_USERS)) {
      const file = await usersFile(join(dir, id));
      const directory = await readUserDirectory(file);
      directory.users[user] = attributes;
      await writeUserDirectory(file, directory);
    }
  }
  // The demo runs on the embedded stores even when DATABASE_URL is set: three nodes must not share one database.
  const { DATABASE_URL: _ignored, ...env } = process.env;
  env.FOEDERA_LOG_LEVEL ??= 'warn';
  console.log('Starting nodes (the first start creates their embedded databases) …');
  const nodes = Object.keys(DEMO_USERS).map((id) => ({
    id,
    node: spawnNode({ home: join(dir, id), env, timeoutMs: 600_000 }),
  }));
  let stopping = false;
  const stopAll = async (): Promise<void> => {
    stopping = true;
    for (const { node } of nodes) if (node.child.exitCode === null) node.child.kill('SIGTERM');
    await Promise.all(nodes.map(({ node }) => node.exited));
  };
  process.once('SIGINT', () => void stopAll());
  process.once('SIGTERM', () => void stopAll());
  try {
    const runs = await Promise.all(nodes.map(({ node }) => node.ready));
    console.log('');
    for (const [index, run] of runs.entries()) {
      const id = nodes[index]?.id ?? '';
      const demo = DEMO_USERS[id];
      console.log(`${id}  protocol (mutual TLS) ${run.protocolUrl}`);
      console.log(
        `     management API      ${run.managementUrl}   (OpenAPI: ${run.managementUrl}/openapi.json)`,
      );
      if (demo !== undefined) {
        const token = await issueUserToken({ home: join(dir, id), user: demo.user, ttl: '8h' });
        console.log(`     console for ${demo.user}: ${run.managementUrl}/console/#token=${token}`);
        console.log(
          `     API as ${demo.user}: curl -H "Authorization: Bearer ${token}" ${run.managementUrl}/v1/me`,
        );
      }
      console.log('');
    }
    console.log('Press Ctrl-C to stop the nodes.');
  } catch (error) {
    await stopAll();
    throw error;
  }
  const first = await Promise.race(nodes.map(({ id, node }) => node.exited.then((code) => ({ id, code }))));
  if (!stopping) {
    await stopAll();
    throw new FoederaError(
      'node-exited',
      `Node ${first.id} exited unexpectedly (${first.code}); all nodes stopped`,
    );
  }
  console.log('All nodes stopped.');
}
