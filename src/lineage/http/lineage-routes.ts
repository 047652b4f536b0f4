/**
 * Management routes of lineage, mounted by the catalog's management plugin under `/v1`: the PROV graph of a version
 * or artefact (`GET /v1/lineage/{id}`) and the recording of a derived artefact that is not a catalog dataset, such
 * as a trained model (`POST /v1/lineage/derivations`). Derived catalog datasets go through `POST /v1/datasets` with
 * a `derivation`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Refusal } from '../../http/refusal.ts';
import type { ConfidentialityLabel } from '../../labels/index.ts';
import type { CatalogOffer } from '../../protocol/messages/odrl.ts';
import type { Clock } from '../../shared/clock.ts';
import { FoederaError, InvalidInputError } from '../../shared/errors.ts';
import type { MetadataStore } from '../../store/metadata/port.ts';
import type { ArtefactKind, JsonObject, LineageInput } from '../model.ts';
import { lineageGraph } from '../prov-graph.ts';
import { labelText } from '../derive.ts';
import { readDerivation, readLabelField } from '../read-derivation.ts';
import { deriveArtefact } from '../record.ts';
import { getVersion, latestArtefacts, latestVersion } from '../store/version-repository.ts';
import { isVersionId } from '../version-id.ts';
import {
  ArtefactList,
  ArtefactListQuery,
  DerivationAnswer,
  DerivationBody,
  LineageGraphSchema,
  LineageParams,
  LineageQuery,
} from './schemas.ts';

const tags = ['lineage'];

type Body = {
  artefact: string;
  kind: ArtefactKind;
  title: string;
  dataDigest?: string;
  metadata?: JsonObject;
  label?: unknown;
  policies?: unknown;
  inputs: unknown;
  activity: unknown;
};

export function registerLineageRoutes(
  app: FastifyInstance,
  deps: {
    store: MetadataStore;
    node: string;
    clock: Clock;
    actorOf: (request: FastifyRequest) => string;
    agentOf: (request: FastifyRequest) => string;
  },
): void {
  const db = deps.store.db;

  app.get<{ Querystring: { limit?: number } }>(
    '/lineage',
    {
      schema: {
        tags,
        summary:
          'The artefacts (datasets, models, results) this node holds versions of, latest version first',
        querystring: ArtefactListQuery,
        response: { 200: ArtefactList },
      },
    },
    async (request) => ({
      items: (await latestArtefacts(db, { limit: request.query.limit ?? 100 })).map((v) => ({
        artefact: v.artefact,
        kind: v.kind,
        title: v.title,
        version: v.id,
        classification: labelText(v.label),
        derived: v.activity !== undefined,
        recordedAt: v.recordedAt,
      })),
    }),
  );

  app.get<{ Params: { id: string }; Querystring: { depth?: number } }>(
    '/lineage/:id',
    {
      schema: {
        tags,
        summary: 'The W3C PROV lineage graph (JSON-LD) of a version, or of the latest version of an artefact',
        params: LineageParams,
        querystring: LineageQuery,
        response: { 200: LineageGraphSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const focus = isVersionId(id) ? await getVersion(db, id) : await latestVersion(db, id);
      if (focus === undefined)
        throw new FoederaError('not-found', `No version or artefact "${id}" on this node`);
      return lineageGraph(db, focus, { depth: request.query.depth ?? 16 });
    },
  );

  app.post<{ Body: Body }>(
    '/lineage/derivations',
    {
      schema: {
        tags,
        summary: 'Record a derived artefact (e.g. a trained model) with its inputs and activity',
        body: DerivationBody,
        response: { 201: DerivationAnswer },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const derivation = readDerivation(
        { inputs: body.inputs, activity: body.activity },
        { field: '', defaultAgent: deps.agentOf(request) },
      );
      if (!derivation.ok) throw new InvalidInputError(derivation.field.replace(/^\./, ''), derivation.detail);
      let label: ConfidentialityLabel | undefined;
      try {
        label = body.label === undefined ? undefined : readLabelField(body.label, 'label');
      } catch (error) {
        const field = (error as { field?: string }).field ?? 'label';
        throw new InvalidInputError(field, `Cannot accept the label: ${(error as Error).message}`);
      }
      if (body.policies !== undefined && (!Array.isArray(body.policies) || body.policies.length === 0))
        throw new InvalidInputError('policies', 'Cannot accept the policies: must be a non-empty array');
      const inputs: LineageInput[] = [];
      for (const input of derivation.value.inputs) {
        if (!('dataset' in input)) {
          inputs.push(input);
          continue;
        }
        const latest = await latestVersion(db, input.dataset);
        if (latest === undefined)
          throw new FoederaError(
            'unknown-input',
            `Cannot derive from dataset "${input.dataset}": no version here`,
          );
        inputs.push({ version: latest.id });
      }
      const made = await deriveArtefact(deps.store, {
        node: deps.node,
        actor: deps.actorOf(request),
        now: deps.clock(),
        derived: {
          artefact: body.artefact,
          kind: body.kind,
          title: body.title,
          ...(body.dataDigest === undefined ? {} : { dataDigest: body.dataDigest }),
          ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
          ...(label === undefined ? {} : { label }),
          ...(body.policies === undefined ? {} : { policies: body.policies as CatalogOffer[] }),
          inputs,
          activity: derivation.value.activity,
        },
      });
      if (!made.ok) throw new Refusal(made);
      return reply.code(201).send({
        version: made.value.version.id,
        created: made.value.created,
        activity: made.value.activity,
        label: made.value.label,
        highWaterMark: made.value.highWaterMark,
        policies: made.value.policies,
      });
    },
  );
}
