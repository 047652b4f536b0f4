/**
 * Management routes of the catalog: the node's own datasets (publish, read, replace, withdraw) and the search over
 * them and the federated cache of peers' catalogs, which the console reads as `GET /v1/catalog?q=` →
 * `{ items: [CatalogDataset | { dataset, peer }] }`.
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
import { deleteDataset, getDataset, listDatasets, putDataset } from '../store/dataset-repository.ts';
import { listPeerEntries } from '../store/peer-cache-repository.ts';
import { DSP_PREFIX } from './catalog-protocol-routes.ts';
import { refreshPeerCatalog } from '../federated-refresh.ts';
import { Refusal } from '../../http/refusal.ts';
import { peerCatalogFetcher } from './fetch-peer-catalog.ts';
import { pageOf } from './page.ts';
import { nodeSigningKey, withBinding } from './publish.ts';
import {
  CatalogSearchQuery,
  DatasetBody,
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
  reasons: { 'dataset-exists': 409, 'peer-unreachable': 502, 'invalid-catalog': 502 },
  create: async (context) => {
    const key = await nodeSigningKey(context);
    const publisher = participantUri(context.config.participantId);
    const service = {
      id: `urn:foedera:dataservice:${context.config.participantId}`,
      endpointURL: `https://${context.config.protocol.host}${DSP_PREFIX}`,
    };
    const db = context.stores.metadata.db;
    const notFound = (id: string) =>
      new FoederaError('not-found', `No dataset "${id}" in this node's catalog`);

    const read = async (body: unknown, request: FastifyRequest): Promise<CatalogDataset> => {
      const result = readDatasetInput(body, {
        registry: defaultPolicyRegistry,
        service,
        publisher,
        now: context.clock(),
      });
      if (!result.ok) throw new InvalidInputError(result.field, result.detail);
      const dataset = await withBinding({ dataset: result.value, key, kid: publisher });
      request.log.info({ dataset: dataset.id, user: userOf(request).subject }, 'Dataset published');
      return dataset;
    };

    return async (app) => {
      app.post(
        '/datasets',
        { schema: { tags, summary: 'Publish a labelled dataset', body: DatasetBody } },
        async (request, reply) => {
          const dataset = await read(request.body, request);
          if ((await getDataset(db, dataset.id)) !== undefined) {
            throw new FoederaError('dataset-exists', `Cannot publish dataset "${dataset.id}": it exists`);
          }
          await putDataset(db, dataset);
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
          const dataset = await read({ issued: previous.issued, ...body, modified: body.modified }, request);
          await putDataset(db, dataset);
          return dataset;
        },
      );

      app.delete<IdRoute>(
        '/datasets/:id',
        { schema: { tags, summary: 'Withdraw a dataset from the catalog', params: IdParams } },
        async (request, reply) => {
          if (!(await deleteDataset(db, request.params.id))) throw notFound(request.params.id);
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
            },
            defaultPolicyRegistry,
          );
          const page = pageOf(found, q);
          return {
            ...page,
            items: page.items.map((e) =>
              e.peer === undefined ? e.dataset : { dataset: e.dataset, peer: e.peer },
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
          });
          if (!outcome.ok) throw new Refusal(outcome);
          request.log.info({ peer, datasets: outcome.value.datasets }, 'Peer catalog refreshed');
          return { peer, datasets: outcome.value.datasets, skipped: outcome.value.skipped };
        },
      );
    };
  },
};

function splitOnce(value: string): [string, string] {
  const at = value.indexOf(':');
  return [value.slice(0, at), value.slice(at + 1)];
}
