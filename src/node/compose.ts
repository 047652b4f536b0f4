/**
 * The composition root: reads the home's config and keys, opens the stores, builds the services of the
 * `NodeContext`, mounts every registered route plugin on its surface, and starts listening. One explicit function,
 * no container: what the node is made of is what this file says.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { JWK } from 'jose';
import { systemClock, type Clock } from '../shared/clock.ts';
import { FoederaError } from '../shared/errors.ts';
import { openBlobStore } from '../store/blob/open.ts';
import { openMetadataStore } from '../store/metadata/open.ts';
import { identityFromCertificate } from '../trust/participant-identity.ts';
import { RevocationState } from '../trust/revocation-state.ts';
import { watchCrlFile } from '../trust/watch-crl.ts';
import { loadIdpKey } from '../trust/tokens/idp-key.ts';
import { createTokenVerifier } from '../trust/tokens/verify-token.ts';
import { createPeerClient } from '../http/peer-client.ts';
import { createProtocolServer } from '../http/protocol-server.ts';
import { installProblemHandling } from '../http/problem-handler.ts';
import { reasonTable } from '../http/reason-status.ts';
import { createManagementServer } from '../api/management-server.ts';
import { registerNodeRoutes } from '../api/routes/node-routes.ts';
import { loadNodeConfig } from './config/load-config.ts';
import type { NodeContext } from './context.ts';
import { createMetrics } from './metrics.ts';
import { keepRevocationList, recordRevocationLists } from './record-trust.ts';
import { createTrustEventLog } from '../trust/events/trust-event-log.ts';
import { checkChain, readTlsFiles, resolveInHome } from './read-material.ts';
import { routePlugins as defaultPlugins, type RoutePlugin } from './route-plugins.ts';
import { releaseStartGarbage } from './release-start-garbage.ts';
import { removeRunFile, writeRunFile, type RunInfo } from './run-file.ts';

export type StartNodeOptions = {
  home: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  plugins?: readonly RoutePlugin[];
};

export type RunningNode = {
  readonly context: NodeContext;
  readonly run: RunInfo;
  /** Stops accepting, drains both servers, closes the stores; idempotent. */
  close(): Promise<void>;
};

export async function startNode(options: StartNodeOptions): Promise<RunningNode> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const home = options.home;
  const config = await loadNodeConfig(home);
  const logger =
    options.logger ??
    pino({
      level: env.FOEDERA_LOG_LEVEL ?? 'info',
      base: { participant: config.participantId, pid: process.pid },
    });

  const files = await readTlsFiles(home, config);
  const caCertificate = await checkChain(files, home);
  const identity = identityFromCertificate(files.certificate);
  if (!identity.ok) throw new FoederaError(identity.reason, `${identity.detail} (home "${home}")`);
  const revocationResult = await RevocationState.create(caCertificate, files.crl, { clock });
  if (!revocationResult.ok) {
    throw new FoederaError(
      revocationResult.reason,
      `Cannot apply revocation list of "${home}": ${revocationResult.detail}`,
    );
  }
  const revocation = revocationResult.value;
  logger.info(
    { thisUpdate: revocation.current.thisUpdate.toISOString(), revoked: revocation.current.revoked.size },
    'Revocation list in force',
  );

  const { jwks, tokens } = await buildTokenVerifier({ home, config, clock });
  const cleanup: (() => Promise<void> | void)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  cleanup.push(() => revocation.close());
  try {
    const databaseUrl = env.DATABASE_URL ?? config.store.databaseUrl;
    const metadata = await openMetadataStore({
      ...(databaseUrl === undefined ? {} : { databaseUrl }),
      dataDir: resolveInHome(home, `${config.store.dataDir}/metadata`),
    });
    cleanup.push(() => metadata.close());
    const blobUrl = env.FOEDERA_BLOB_URL ?? config.store.blobUrl;
    const blobs = await openBlobStore({
      ...(blobUrl === undefined ? {} : { url: blobUrl }),
      dir: resolveInHome(home, `${config.store.dataDir}/blobs`),
    });
    cleanup.push(() => blobs.close());

    const peers = createPeerClient({
      key: files.key,
      certificate: files.certificate,
      ca: files.ca,
      revocation,
    });
    cleanup.push(() => peers.close());
    const shutdown = new AbortController();
    cleanup.push(() => shutdown.abort());
    const metrics = createMetrics({ startedAt: clock() });
    const dropped = metrics.counter(
      'trust_events_dropped_total',
      'Security events dropped because the queue was full',
    );
    const trustEvents = createTrustEventLog({
      store: metadata,
      onError: (error) => logger.error({ err: error }, 'Cannot write security event'),
      onDrop: () => dropped.inc(),
    });
    cleanup.push(() => trustEvents.flush());
    const audit = {
      store: metadata,
      node: identity.value.participantId,
      crlFile: resolveInHome(home, config.tls.crl),
    };
    await keepRevocationList({ revocation, blobs, events: trustEvents, clock, audit });
    cleanup.push(recordRevocationLists({ revocation, blobs, events: trustEvents, clock, logger, audit }));

    const context: NodeContext = {
      home,
      config,
      identity: identity.value,
      stores: { metadata, blobs },
      logger,
      clock,
      tokens,
      peers,
      revocation,
      metrics,
      trustEvents,
      shutdown: shutdown.signal,
    };

    const plugins = options.plugins ?? defaultPlugins;
    const statusOf = reasonTable(plugins.flatMap((p) => (p.reasons === undefined ? [] : [p.reasons])));

    const protocol = createProtocolServer({
      tls: files,
      revocation,
      logger,
      metrics,
      onRefused: ({ reason, detail, remote }) =>
        trustEvents.record({ kind: 'tls-refused', at: clock(), reason, detail: { detail, remote } }),
    });
    cleanup.push(() => protocol.close());
    const management = await createManagementServer({
      logger,
      tokens,
      title: `Foedera node ${config.participantId}`,
    });
    cleanup.push(() => management.close());
    for (const app of [protocol, management]) installProblemHandling(app, statusOf);

    let managementUrl = '';
    registerNodeRoutes(management, {
      context,
      jwks,
      baseUrl: () => managementUrl,
      ready: async () => {
        const checks: Record<string, string> = {};
        checks.metadata = await metadata.ping().then(
          () => 'ok',
          (e: Error) => e.message,
        );
        return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
      },
    });
    for (const plugin of plugins) {
      const target = plugin.surface === 'protocol' ? protocol : management;
      await target.register(await plugin.create(context), { prefix: plugin.prefix });
    }

    const protocolUrl = await listen(protocol, { ...config.protocol, scheme: 'https' });
    managementUrl = await listen(management, { ...config.management, scheme: 'http' });

    cleanup.push(watchCrlFile({ file: resolveInHome(home, config.tls.crl), revocation, logger }));

    const run: RunInfo = {
      pid: process.pid,
      participantId: config.participantId,
      protocolUrl,
      managementUrl,
      startedAt: clock().toISOString(),
    };
    trustEvents.record({
      kind: 'node-started',
      at: clock(),
      participant: config.participantId,
      detail: { ...run },
    });
    releaseStartGarbage();
    await writeRunFile(home, run);
    cleanup.push(() => removeRunFile(home));
    logger.info({ protocolUrl, managementUrl }, 'Node started');

    let closing: Promise<void> | undefined;
    return {
      context,
      run,
      close: () => {
        if (closing === undefined) {
          shutdown.abort();
          trustEvents.record({ kind: 'node-stopped', at: clock(), participant: config.participantId });
          closing = closeAll().then(() => logger.info('Node stopped'));
        }
        return closing;
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function buildTokenVerifier(options: {
  home: string;
  config: NodeContext['config'];
  clock: Clock;
}): Promise<{ jwks: JWK[]; tokens: NodeContext['tokens'] }> {
  const { idp } = options.config;
  const common = { issuer: idp.issuer, audience: idp.audience, clock: options.clock };
  if (idp.jwksUrl !== undefined) {
    return { jwks: [], tokens: createTokenVerifier({ ...common, keys: { jwksUrl: idp.jwksUrl } }) };
  }
  if (idp.key === undefined) {
    throw new FoederaError(
      'invalid-input',
      `Node config of "${options.home}" gives neither idp.key nor idp.jwksUrl`,
    );
  }
  const key = await loadIdpKey(resolveInHome(options.home, idp.key));
  return {
    jwks: [key.publicJwk],
    tokens: createTokenVerifier({ ...common, keys: { jwks: [key.publicJwk] } }),
  };
}

async function listen(
  app: FastifyInstance,
  options: { host: string; port: number; scheme: 'http' | 'https' },
): Promise<string> {
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address() as AddressInfo;
  // A wildcard bind is reachable locally on the loopback address; operators publish their own public URL.
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `${options.scheme}://${shown}:${address.port}`;
}
