/**
 * The catalog part of the DSP 2025-1 HTTPS binding, on the protocol surface (mutual TLS, `request.peer` known):
 * `POST /dsp/catalog/request` answers the catalog of the datasets releasable to the caller, paged with a `Link`
 * header; `GET /dsp/catalog/datasets/:id` answers one. A dataset the caller may not see answers exactly like one that
 * does not exist (404, empty body), so that neither its id nor the page sizes reveal it. A dataset with content also
 * shows its encrypted object as distributions (format, byte size, media type, the data plane that serves it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { peerOf } from '../../http/request-guards.ts';
import { sendInvalid } from '../../protocol/http/errors.ts';
import { validateDspMessage } from '../../protocol/validate.ts';
import { DSP_PATH } from '../../protocol/node/runtime.ts';
import { defaultPolicyRegistry } from '../../labels/index.ts';
import { participantUri } from '../../trust/participant-identity.ts';
import { catalogDocument, datasetDocument } from '../dsp-serialise.ts';
import type { Kysely } from 'kysely';
import type { CatalogObject, CatalogService } from '../dataset.ts';
import { DATAPLANE_PATH } from '../../dataplane/node/data-address.ts';
import { currentObjectSizes } from '../../dataplane/service/owned-objects.ts';
import type { Database } from '../../store/metadata/database.ts';
import { getDataset, listDatasets } from '../store/dataset-repository.ts';
import { visibleDataset, visibleDatasets } from '../visibility.ts';
import { continuationToken, DEFAULT_LIMIT, MAX_LIMIT, offsetOfToken, pageOf } from './page.ts';
import { peerSubject } from './peer-subject.ts';
import { appendAudit } from '../../audit/store/append.ts';
import type { AuditEntryInput } from '../../audit/entry/entry.ts';
import { catalogReleaseEntry } from '../release-record.ts';

/** Where peers reach this node's DSP endpoints; the protocol module mounts its routes under the same prefix. */
export const DSP_PREFIX = DSP_PATH;

type CatalogQuery = { Querystring: { continuationToken?: string; limit?: string } };

function serviceOf(request: FastifyRequest, participantId: string): CatalogService {
  return {
    id: `urn:foedera:dataservice:${participantId}`,
    endpointURL: `https://${request.host}${DSP_PREFIX}`,
  };
}

/** The encrypted object of each listed dataset that has content, served by this node's data plane. */
async function objectsOf(
  db: Kysely<Database>,
  options: { request: FastifyRequest; participantId: string; datasetIds: readonly string[] },
): Promise<Map<string, CatalogObject>> {
  const accessService = {
    id: `urn:foedera:dataplane:${options.participantId}`,
    endpointURL: `https://${options.request.host}${DATAPLANE_PATH}`,
  };
  const sizes = await currentObjectSizes(db, options.datasetIds);
  return new Map([...sizes].map(([id, byteSize]) => [id, { byteSize, accessService }]));
}

function limitOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_LIMIT ? n : undefined;
}

export const catalogProtocolRoutes: RoutePlugin = {
  name: 'catalog-dsp',
  surface: 'protocol',
  prefix: DSP_PREFIX,
  create: (context) => async (app) => {
    app.addContentTypeParser('application/ld+json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    const participantId = participantUri(context.config.participantId);
    const db = context.stores.metadata.db;
    const audit = (entry: AuditEntryInput) =>
      context.stores.metadata.transaction(async (trx) => {
        await appendAudit(trx, entry);
      });

    app.post<CatalogQuery>('/catalog/request', async (request, reply: FastifyReply) => {
      const requester = peerSubject(peerOf(request));
      const valid = validateDspMessage('CatalogRequestMessage', request.body);
      if (!valid.ok) return sendInvalid(reply, valid);
      const offset = offsetOfToken(request.query.continuationToken);
      const limit = limitOf(request.query.limit);
      if (offset === undefined || limit === undefined) {
        return sendInvalid(reply, {
          detail: 'Cannot read the catalog request: invalid continuationToken or limit',
          errors: [{ pointer: offset === undefined ? 'continuationToken' : 'limit', message: 'is invalid' }],
        });
      }
      const all = await listDatasets(db);
      const visible = visibleDatasets({ datasets: all, requester, registry: defaultPolicyRegistry });
      const page = pageOf(visible, { offset, limit });
      const shown = new Set(visible.map((d) => d.id));
      await audit(
        catalogReleaseEntry({
          node: context.config.participantId,
          requester: peerOf(request).participantId,
          now: context.clock(),
          released: page.items.map((d) => d.id),
          withheld: offset === 0 ? all.filter((d) => !shown.has(d.id)).map((d) => d.id) : [],
          request: { kind: 'catalog', offset },
        }),
      );
      if (page.next !== undefined) {
        const token = continuationToken(page.next);
        const url = `https://${request.host}${DSP_PREFIX}/catalog/request?continuationToken=${token}&limit=${limit}`;
        void reply.header('link', `<${url}>; rel="next"`);
      }
      const objects = await objectsOf(db, {
        request,
        participantId: context.config.participantId,
        datasetIds: page.items.map((d) => d.id),
      });
      return reply.send(
        catalogDocument({
          id: `urn:foedera:catalog:${context.config.participantId}`,
          participantId,
          service: serviceOf(request, context.config.participantId),
          datasets: page.items,
          objects,
        }),
      );
    });

    app.get<{ Params: { id: string } }>('/catalog/datasets/:id', async (request, reply) => {
      const held = await getDataset(db, request.params.id);
      const dataset = visibleDataset({
        dataset: held,
        requester: peerSubject(peerOf(request)),
        registry: defaultPolicyRegistry,
      });
      if (held !== undefined) {
        // An unknown id decides nothing; a held one is released or withheld, and that is recorded.
        await audit(
          catalogReleaseEntry({
            node: context.config.participantId,
            requester: peerOf(request).participantId,
            now: context.clock(),
            released: dataset === undefined ? [] : [held.id],
            withheld: dataset === undefined ? [held.id] : [],
            request: { kind: 'dataset', id: held.id },
          }),
        );
      }
      if (dataset === undefined) return reply.code(404).send();
      const objects = await objectsOf(db, {
        request,
        participantId: context.config.participantId,
        datasetIds: [dataset.id],
      });
      return reply.send(
        datasetDocument(dataset, serviceOf(request, context.config.participantId), objects.get(dataset.id)),
      );
    });
  },
};
