/**
 * Management routes of the catalog: the node's own datasets (publish, read, replace, withdraw) and the search over
 * them and the federated cache of peers' catalogs, which the console reads as `GET /v1/catalog?q=` →
 * `{ items: [CatalogDataset | { dataset, peer, endpoint }] }` (`endpoint`: where that peer speaks the protocol).
 */
import type { FastifyRequest } from 'fastify';
import { defaultPolicyRegistry } from '../../labels/index.ts';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { userOf } from '../../http/request-guards.ts';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import { participantUri } from '../../trust/participant-identity.ts';
import type { CatalogDataset } from '../dataset.ts';
import { readDatasetInput } from '../read-dataset.ts';
import { searchCatalog } from '../search.ts';
import { getDataset, listDatasets } from '../store/dataset-repository.ts';
import { withdrawDataset } from '../store/withdraw-dataset.ts';
import { listPeerEntries } from '../store/peer-cache-repository.ts';
import { protocolRuntime } from '../../protocol/node/runtime.ts';
import { refreshPeerCatalog } from '../federated-refresh.ts';
import { Refusal } from '../../http/refusal.ts';
import { peerCatalogFetcher } from './fetch-peer-catalog.ts';
import { pageOf } from './page.ts';
import { nodeSigningKey, withBinding } from './publish.ts';
import { readDerivation, type ReadDerivation } from '../../lineage/read-derivation.ts';
import { LINEAGE_REASONS, listVersions, getVersion } from '../../lineage/index.ts';
import { registerLineageRoutes } from '../../lineage/http/lineage-routes.ts';
import { CROISSANT_MEDIA_TYPE, readCard } from '../../cards/index.ts';
import { currentDerivation, previewDerivation, publishVersion, resolveInputs } from '../versioning.ts';
import type { CatalogOffer } from '../../protocol/messages/odrl.ts';
import {
  CardBody,
  CatalogSearchQuery,
  DatasetBody,
  VersionParams,
  IdParams,
  ListQuery,
  RefreshBody,
  type CatalogSearchQueryType,
  type ListQueryType,
} from './schemas.ts';

const tags = ['catalog'];
type IdRoute = { Params: { id: string } };

export const catalogManagementRoutes: RoutePlugin = {
  name: 'catalog',
  surface: 'management',
  prefix: '/v1',
  reasons: {
    'dataset-exists': 409,
    'peer-unreachable': 502,
    'invalid-catalog': 502,
    ...LINEAGE_REASONS,
  },
  create: async (context) => {
    const key = await nodeSigningKey(context);
    const publisher = participantUri(context.config.participantId);
    // The DSP endpoint peers reach, port included; asked at each use, since the surface binds after this plugin.
    const service = () => ({
      id: `urn:foedera:dataservice:${context.config.participantId}`,
      endpointURL: protocolRuntime(context).deps.address,
    });
    const db = context.stores.metadata.db;
    const notFound = (id: string) =>
      new FoederaError('not-found', `No dataset "${id}" in this node's catalog`);

    const node = context.identity.participantId;
    const agentOf = (request: FastifyRequest) => `urn:foedera:user:${node}:${userOf(request).subject}`;
    const actorOf = (request: FastifyRequest) => `user:${userOf(request).subject}`;

    /**
     * Reads a dataset body (with its optional `derivation`), fills the label and offers a derived dataset left out
     * from its inputs, records the version and stores the dataset in one transaction, then answers a refusal
     * (after the commit, so that its audit entry stays).
     */
    const publish = async (
      input: unknown,
      request: FastifyRequest,
      options: { previous?: CatalogDataset } = {},
    ): Promise<CatalogDataset> => {
      const { derivation: rawDerivation, ...body } = (input ?? {}) as Record<string, unknown>;
      let derivation: ReadDerivation | undefined;
      if (rawDerivation !== undefined) {
        const read = readDerivation(rawDerivation, { field: 'derivation', defaultAgent: agentOf(request) });
        if (!read.ok) throw new InvalidInputError(read.field, read.detail);
        derivation = read.value;
      } else if (options.previous !== undefined) {
        derivation = await currentDerivation(db, options.previous);
      }
      const inputs = derivation === undefined ? undefined : await resolveInputs(db, derivation.inputs);
      if (inputs !== undefined && !inputs.ok) throw new Refusal(inputs);
      const declared = { label: body.label !== undefined, offers: body.offers !== undefined };
      if (derivation !== undefined && inputs?.ok === true && (!declared.label || !declared.offers)) {
        const plan = await previewDerivation(db, {
          inputs: inputs.value,
          node,
          at: derivation.activity.endedAt,
          artefact: String(body.id),
        });
        if (!plan.ok) throw new Refusal(plan);
        if (!declared.label) body.label = plan.value.label;
        if (!declared.offers) body.offers = plan.value.policies as CatalogOffer[];
      }
      const result = readDatasetInput(body, {
        registry: defaultPolicyRegistry,
        service: service(),
        publisher,
        now: context.clock(),
      });
      if (!result.ok) throw new InvalidInputError(result.field, result.detail);
      const outcome = await context.stores.metadata.transaction(async (trx) => {
        if (options.previous === undefined && (await getDataset(trx, result.value.id)) !== undefined) {
          throw new FoederaError('dataset-exists', `Cannot publish dataset "${result.value.id}": it exists`);
        }
        return publishVersion(trx, {
          node,
          actor: actorOf(request),
          now: context.clock(),
          dataset: result.value,
          ...(derivation === undefined || inputs === undefined || !inputs.ok
            ? {}
            : { derivation: { inputs: inputs.value, activity: derivation.activity } }),
          declared,
          seal: (dataset) => withBinding({ dataset, key, kid: publisher }),
        });
      });
      if (!outcome.ok) throw new Refusal(outcome);
      request.log.info(
        { dataset: outcome.value.id, version: outcome.value.version, user: userOf(request).subject },
        'Dataset published',
      );
      return outcome.value;
    };

    return async (app) => {
      app.post(
        '/datasets',
        { schema: { tags, summary: 'Publish a labelled dataset', body: DatasetBody } },
        async (request, reply) => {
          const dataset = await publish(request.body, request);
          return reply
            .code(201)
            .header('location', `/v1/datasets/${encodeURIComponent(dataset.id)}`)
            .send(dataset);
        },
      );

      app.get<{ Querystring: ListQueryType }>(
        '/datasets',
        { schema: { tags, summary: "This node's datasets", querystring: ListQuery } },
        async (request) => pageOf(await listDatasets(db), request.query),
      );

      app.get<IdRoute>(
        '/datasets/:id',
        { schema: { tags, summary: 'One dataset of this node', params: IdParams } },
        async (request) =>
          (await getDataset(db, request.params.id)) ?? Promise.reject(notFound(request.params.id)),
      );

      app.put<IdRoute>(
        '/datasets/:id',
        {
          schema: {
            tags,
            summary: 'Replace a dataset (a new label binding is made)',
            params: IdParams,
            body: DatasetBody,
          },
        },
        async (request) => {
          const { id } = request.params;
          const previous = await getDataset(db, id);
          if (previous === undefined) throw notFound(id);
          const body = request.body as Record<string, unknown>;
          if (body.id !== id)
            throw new InvalidInputError('id', `Cannot replace dataset "${id}": body id differs`);
          // The binding covers the metadata: one made for the previous version no longer holds unless re-sent.
          // A derived dataset stays derived: without a new derivation its inputs and activity carry over.
          return publish({ issued: previous.issued, ...body, modified: body.modified }, request, {
            previous,
          });
        },
      );

      app.get<IdRoute>(
        '/datasets/:id/versions',
        {
          schema: {
            tags,
            summary: 'Every version of a dataset, oldest first (versions are immutable)',
            params: IdParams,
          },
        },
        async (request) => {
          const versions = await listVersions(db, request.params.id);
          if (versions.length === 0 && (await getDataset(db, request.params.id)) === undefined)
            throw notFound(request.params.id);
          return { items: versions.map(({ content: _content, ...summary }) => summary) };
        },
      );

      app.get<{ Params: { version: string } }>(
        '/versions/:version',
        { schema: { tags, summary: 'One version, with its content description', params: VersionParams } },
        async (request) =>
          (await getVersion(db, request.params.version)) ??
          Promise.reject(
            new FoederaError('not-found', `No version "${request.params.version}" on this node`),
          ),
      );

      app.get<IdRoute>(
        '/datasets/:id/card',
        {
          schema: {
            tags,
            summary: "The dataset's Croissant card (JSON-LD)",
            params: IdParams,
          },
        },
        async (request, reply) => {
          const dataset = await getDataset(db, request.params.id);
          if (dataset === undefined) throw notFound(request.params.id);
          if (dataset.card === undefined)
            throw new FoederaError('not-found', `Dataset "${dataset.id}" has no Croissant card`);
          return reply.type(CROISSANT_MEDIA_TYPE).send(JSON.stringify(dataset.card));
        },
      );

      app.put<IdRoute>(
        '/datasets/:id/card',
        {
          schema: {
            tags,
            summary: 'Import a Croissant card for a dataset (validated; makes a new version)',
            params: IdParams,
            body: CardBody,
          },
        },
        async (request) => {
          const previous = await getDataset(db, request.params.id);
          if (previous === undefined) throw notFound(request.params.id);
          const card = readCard(request.body);
          if (!card.ok) throw new InvalidInputError(card.field, card.detail);
          const { labelBinding: _stale, version: _v, derivedFrom: _d, ...rest } = previous;
          return publish({ ...rest, card: card.value, modified: context.clock().toISOString() }, request, {
            previous,
          });
        },
      );

      app.delete<IdRoute>(
        '/datasets/:id',
        { schema: { tags, summary: 'Withdraw a dataset from the catalog', params: IdParams } },
        async (request, reply) => {
          const { id } = request.params;
          const deleted = await withdrawDataset(context.stores.metadata, {
            id,
            node,
            actor: actorOf(request),
            now: context.clock(),
          });
          if (deleted === undefined) throw notFound(id);
          request.log.info({ dataset: id, user: userOf(request).subject }, 'Dataset withdrawn');
          return reply.code(204).send();
        },
      );

      app.get<{ Querystring: CatalogSearchQueryType }>(
        '/catalog',
        {
          schema: {
            tags,
            summary: "Search this node's datasets and the federated cache of peers' catalogs",
            querystring: CatalogSearchQuery,
          },
        },
        async (request) => {
          const q = request.query;
          const local = (await listDatasets(db)).map((dataset) => ({ dataset }));
          const entries =
            q.peer === 'local'
              ? local
              : [
                  ...(q.peer === undefined ? local : []),
                  ...(await listPeerEntries(db, q.peer === undefined ? {} : { peer: q.peer })),
                ];
          const [policy, level] = q.classification === undefined ? [] : splitOnce(q.classification);
          const found = searchCatalog(
            entries,
            {
              ...(q.q === undefined ? {} : { text: q.q }),
              ...(q.publisher === undefined ? {} : { publisher: q.publisher }),
              ...(q.format === undefined ? {} : { format: q.format }),
              ...(policy === undefined || level === undefined
                ? {}
                : { maxClassification: { policy, classification: level } }),
              ...(q.releasableTo === undefined ? {} : { releasableTo: q.releasableTo }),
              ...(q.task === undefined ? {} : { task: q.task }),
              ...(q.modality === undefined ? {} : { modality: q.modality }),
              ...(q.minBytes === undefined ? {} : { minBytes: q.minBytes }),
              ...(q.maxBytes === undefined ? {} : { maxBytes: q.maxBytes }),
              ...(q.field === undefined ? {} : { field: q.field }),
            },
            defaultPolicyRegistry,
          );
          const page = pageOf(found, q);
          return {
            ...page,
            items: page.items.map((e) =>
              e.peer === undefined
                ? e.dataset
                : {
                    dataset: e.dataset,
                    peer: e.peer,
                    ...(e.endpoint === undefined ? {} : { endpoint: e.endpoint }),
                  },
            ),
          };
        },
      );

      app.post<{ Body: { peer: string; url: string } }>(
        '/catalog/refresh',
        {
          schema: {
            tags,
            summary: "Fetch a peer's catalog over mutual TLS into the federated cache",
            body: RefreshBody,
          },
        },
        async (request) => {
          const { peer, url } = request.body;
          const outcome = await refreshPeerCatalog({
            store: context.stores.metadata,
            peer,
            fetchCatalog: peerCatalogFetcher({ peers: context.peers, dspUrl: url }),
            clock: context.clock,
            fetchedFrom: url.replace(/\/+$/, ''),
          });
          if (!outcome.ok) throw new Refusal(outcome);
          request.log.info({ peer, datasets: outcome.value.datasets }, 'Peer catalog refreshed');
          return { peer, datasets: outcome.value.datasets, skipped: outcome.value.skipped };
        },
      );

      registerLineageRoutes(app, {
        store: context.stores.metadata,
        node,
        clock: context.clock,
        actorOf,
        agentOf,
      });
    };
  },
};

function splitOnce(value: string): [string, string] {
  const at = value.indexOf(':');
  return [value.slice(0, at), value.slice(at + 1)];
}
