/**
 * `foedera demo` (what `npm start` runs): the newcomer's path. Creates a three-participant federation (FRA, DEU and
 * the European Defence Agency) with a demo user each in `./.foedera/` if absent, starts the three nodes as child
 * processes on the embedded stores, seeds them with labelled synthetic datasets through their management APIs
 * (src/demo), links their catalogs, and prints each node's console login link; Ctrl-C stops them all.
 */
import { access } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '../../shared/clock.ts';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { createFederation } from '../../trust/federation/create-federation.ts';
import { spawnNode } from '../../node/spawn-node.ts';
import { readUserDirectory, writeUserDirectory } from '../../trust/tokens/users-file.ts';
import type { UserAttributes } from '../../trust/tokens/claims.ts';
import { consoleLink } from '../../demo/console-link.ts';
import { seedFederation, type DemoNode } from '../../demo/seed.ts';
import { aiDemoCommands, seedAiDemo } from '../../training/demo.ts';
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
    .option('--scale <n>', 'size of the synthetic datasets (1 = a few hundred kB in all)', '1')
    .action(async (options: { dir: string; scale: string }) => {
      const factor = Number(options.scale);
      if (!Number.isSafeInteger(factor) || factor < 1 || factor > 1000)
        throw new InvalidInputError(
          'scale',
          `Invalid --scale "${options.scale}": expected a whole number from 1 to 1000`,
        );
      await runDemo(resolve(options.dir), { factor });
    });
}

async function runDemo(dir: string, scale: { factor: number }): Promise<void> {
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
  // Warnings of nodes starting one after another (a peer not up yet) would bury the links; errors still show.
  env.FOEDERA_LOG_LEVEL ??= 'error';
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
    const demoNodes: DemoNode[] = await Promise.all(
      runs.map(async (run, index) => {
        const id = nodes[index]?.id ?? '';
        const user = DEMO_USERS[id]?.user ?? '';
        return {
          participant: id,
          managementUrl: run.managementUrl,
          protocolUrl: run.protocolUrl,
          token: await issueUserToken({ home: join(dir, id), user, ttl: '8h' }),
        };
      }),
    );
    const started = Date.now();
    // The AI part first, so that the catalogs linked next list its datasets too.
    const ai = await seedAi({ dir, nodes: demoNodes });
    const seeded = await seedFederation({ nodes: demoNodes, scale });
    console.log(
      `Datasets: ${seeded.published.length} published, ${seeded.existing.length} already there; ` +
        `seeded and catalogs linked in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log('');
    for (const node of demoNodes) {
      const user = DEMO_USERS[node.participant]?.user ?? '';
      const sees = Object.entries(seeded.visible[node.participant] ?? {})
        .map(([peer, count]) => `${count} of ${peer}`)
        .join(', ');
      console.log(`${node.participant}  protocol (mutual TLS) ${node.protocolUrl}`);
      console.log(
        `     management API      ${node.managementUrl}   (OpenAPI: ${node.managementUrl}/openapi.json)`,
      );
      console.log(
        `     federated catalog   its own datasets and ${sees === '' ? 'none of its peers' : sees}`,
      );
      console.log(`     console for ${user}: ${consoleLink({ node, peers: demoNodes })}`);
      console.log(
        `     API as ${user}: curl -H "Authorization: Bearer ${node.token}" ${node.managementUrl}/v1/me`,
      );
      console.log('');
    }
    for (const line of ai) console.log(line);
    console.log(
      'Open bernd\'s console link (DEU) and follow the README\'s walkthrough ("What the demo shows").',
    );
    console.log('Press Ctrl-C to stop the nodes.');
  } catch (error) {
    // Ctrl-C while the nodes start or are seeded is a normal way out, not a failure to report.
    const interrupted = stopping;
    await stopAll();
    if (interrupted) {
      console.log('All nodes stopped.');
      return;
    }
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

/**
 * The AI part (src/training): FRA and DEU each publish their part of a counter-drone track dataset for compute-to-data
 * only, and the Agency negotiates both. Returns the lines to print: the commands that run a compute job and a
 * federated training. A failure here leaves the rest of the demo running and says why.
 */
async function seedAi(options: { dir: string; nodes: readonly DemoNode[] }): Promise<string[]> {
  const node = (id: string) => options.nodes.find((n) => n.participant === id);
  const [fra, deu, eda] = [node('FRA'), node('DEU'), node('EDA')];
  if (fra === undefined || deu === undefined || eda === undefined) return [];
  try {
    const agreements = await seedAiDemo({ providers: [fra, deu], coordinator: eda });
    const home = relative(process.cwd(), join(options.dir, 'EDA')) || join(options.dir, 'EDA');
    const user = DEMO_USERS.EDA?.user ?? '';
    return [
      `AI: the Agency holds compute-only agreements on FRA's and DEU's counter-drone track data. As ${user}:`,
      // A job file resolves inside the compiled copy of the sources when the node runs one: name it in the clone.
      ...aiDemoCommands({ home, user, agreements }).map(
        (line) => `     ${line.replace(/\S*\/compute\/jobs\//, 'src/compute/jobs/')}`,
      ),
      '',
    ];
  } catch (error) {
    return [`AI part not seeded: ${error instanceof Error ? error.message : String(error)}`, ''];
  }
}
