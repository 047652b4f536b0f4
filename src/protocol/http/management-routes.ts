/**
 * Management API for negotiations, agreements and transfers (REST + JSON, typebox schemas that also feed the
 * OpenAPI document). Mounted by the node on its management surface, behind its token check; `actorOf` names the
 * authenticated user for the audit trail. Refusals are RFC 9457 problem documents.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static } from 'typebox';
import { PROBLEM_CONTENT_TYPE, problem } from '../../shared/problem.ts';
import type { LogicalConstraint } from '../messages/odrl.ts';
import type { DataAddress } from '../messages/types.ts';
import type { Negotiation } from '../negotiation/negotiation.ts';
import { commandNegotiation, getNegotiation, startNegotiation } from '../service/negotiations.ts';
import type { ProtocolDeps } from '../service/ports.ts';
import { agreedProviderAddress } from '../store/provider-address.ts';
import { commandTransfer, getTransfer, startTransfer } from '../service/transfers.ts';
import type { Transfer } from '../transfer/transfer.ts';

/** What a consumer's TransferRequestMessage carries as its DataAddress, for the formats where it carries one. */
export type RequestAddressPort = (request: {
  format: string;
  consumerPid: string;
  /** The endpoint asked for in the request, instead of this node's own. */
  endpoint?: string;
}) => DataAddress | undefined;

export type ManagementRouteDeps = {
  readonly protocol: ProtocolDeps;
  readonly actorOf: (request: FastifyRequest) => string;
  readonly kick: () => void;
  /** Called after a transfer command committed (the node's data plane acts on it). */
  readonly transferStepped?: (pid: string) => void;
  /** Push transfers: this node's data plane receiving endpoint, scoped to the process (data-address.ts). */
  readonly requestAddressFor?: RequestAddressPort;
  /** A provider's DSP endpoint when the request names none (the federated catalog's, src/catalog). */
  readonly providerAddressOf?: (provider: string) => Promise<string | undefined>;
};

const STATUS: Readonly<Record<string, number>> = {
  'not-found': 404,
  'invalid-transition': 409,
  'pid-mismatch': 409,
  'invalid-agreement': 409,
  'push-unsupported': 400,
};

function refuse(reply: FastifyReply, result: { reason: string; detail: string }) {
  const status = STATUS[result.reason] ?? 400;
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problem(status, result.reason, { detail: result.detail }));
}

const OPERATORS = [
  'eq',
  'gt',
  'gteq',
  'lteq',
  'hasPart',
  'isA',
  'isAllOf',
  'isAnyOf',
  'isNoneOf',
  'isPartOf',
  'lt',
  'term-lteq',
  'neq',
] as const;
const Atomic = Type.Object({
  leftOperand: Type.String({ minLength: 1 }),
  operator: Type.Union(OPERATORS.map((operator) => Type.Literal(operator))),
  rightOperand: Type.Union([
    Type.String(),
    Type.Record(Type.String(), Type.Unknown()),
    Type.Array(Type.Unknown()),
  ]),
});
/**
 * An ODRL logical constraint (`and`, `andSequence`, `or` or `xone` over constraints, to any depth). Its members are
 * checked where the policy is compiled and by the DSP message schema when the request is sent; here only its shape.
 */
const Logical = Type.Unsafe<LogicalConstraint>(
  Type.Object({}, { minProperties: 1, maxProperties: 1, additionalProperties: Type.Array(Type.Unknown()) }),
);
const Constraint = Type.Union([Atomic, Logical]);
const Rule = Type.Object({
  action: Type.String({ minLength: 1 }),
  constraint: Type.Optional(Type.Array(Constraint)),
});
const Offer = Type.Object(
  {
    '@type': Type.Literal('Offer'),
    '@id': Type.String({ minLength: 1 }),
    target: Type.String({ minLength: 1 }),
    profile: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    permission: Type.Optional(Type.Array(Rule)),
    prohibition: Type.Optional(Type.Array(Rule)),
    obligation: Type.Optional(Type.Array(Rule)),
  },
  { additionalProperties: true },
);
const StartNegotiation = Type.Object({
  provider: Type.String({ minLength: 1 }),
  providerAddress: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: "The provider's DSP endpoint; default the one its catalog named in the federated catalog",
    }),
  ),
  offer: Offer,
});
const StartTransfer = Type.Object({
  provider: Type.String({ minLength: 1 }),
  providerAddress: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        "The provider's DSP endpoint; default the one its catalog named in the federated catalog, else the one the agreement was negotiated with",
    }),
  ),
  agreementId: Type.String({ minLength: 1 }),
  format: Type.String({
    minLength: 1,
    description:
      "`HttpData-PULL`: this node pulls from the data plane the provider names when it starts; `HttpData-PUSH`: the provider pushes into this node's data plane",
    examples: ['HttpData-PULL', 'HttpData-PUSH'],
  }),
  pushEndpoint: Type.Optional(
    Type.String({
      pattern: '^https://',
      description:
        "Push only: this node's data plane as the provider reaches it (for instance through a reverse proxy); default: this node's protocol address with /dataplane",
    }),
  ),
});
const Terminate = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) });
const Page = Type.Object({
  state: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  after: Type.Optional(Type.String()),
});
const PidParams = Type.Object({ pid: Type.String({ minLength: 1 }) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

const negotiationView = (pid: string, n: Negotiation, outcome?: unknown) => ({
  pid,
  role: n.role,
  state: n.state,
  counterparty: n.counterparty,
  providerPid: n.providerPid,
  consumerPid: n.consumerPid,
  target: n.offer.target,
  offer: n.offer,
  agreement: n.agreement,
  ...(outcome === undefined || outcome === null ? {} : { outcome }),
});
const transferView = (pid: string, t: Transfer) => ({
  pid,
  role: t.role,
  state: t.state,
  counterparty: t.counterparty,
  providerPid: t.providerPid,
  consumerPid: t.consumerPid,
  agreementId: t.agreementId,
  format: t.format,
  dataAddress: t.dataAddress,
});

/**
 * A negotiation as lists show it, with the names the web console reads (web/src/api/resources.ts): `id`,
 * `dataset`, `agreementId`, and `reason` when it was terminated.
 */
function negotiationRow(row: {
  pid: string;
  state: string;
  role: string;
  counterparty: string;
  target: string;
  updated_at: Date;
  outcome: unknown;
  agreement_id: string | null;
}) {
  const { outcome, agreement_id, ...rest } = row;
  const reasons = (outcome as { reasons?: unknown } | null)?.reasons;
  const reason = Array.isArray(reasons) && reasons.length > 0 ? reasons.map(String).join('; ') : undefined;
  return {
    ...rest,
    id: row.pid,
    dataset: row.target,
    ...(agreement_id === null ? {} : { agreementId: agreement_id }),
    ...(reason === undefined ? {} : { reason }),
  };
}

export function protocolManagementRoutes(deps: ManagementRouteDeps): FastifyPluginAsync {
  const { protocol } = deps;
  return async (app) => {
    app.post<{ Body: Static<typeof StartNegotiation> }>(
      '/negotiations',
      { schema: { body: StartNegotiation } },
      async (request, reply) => {
        const { provider } = request.body;
        const providerAddress = request.body.providerAddress ?? (await deps.providerAddressOf?.(provider));
        if (providerAddress === undefined) {
          return refuse(reply, {
            reason: 'unknown-provider-address',
            detail: `Cannot start a negotiation with "${provider}": no providerAddress given, and no catalog of "${provider}" in the federated catalog names its endpoint`,
          });
        }
        const started = await startNegotiation(protocol, {
          ...request.body,
          providerAddress,
          actor: deps.actorOf(request),
        });
        deps.kick();
        return reply.code(201).send(negotiationView(started.pid, started.negotiation));
      },
    );

    app.get<{ Querystring: Static<typeof Page> }>(
      '/negotiations',
      { schema: { querystring: Page } },
      async (request) => {
        const { query } = request;
        const limit = query.limit ?? 50;
        let select = protocol.store.db
          .selectFrom('dsp_negotiation as n')
          .leftJoin('dsp_agreement as a', 'a.negotiation_pid', 'n.pid')
          .select([
            'n.pid',
            'n.state',
            'n.role',
            'n.counterparty',
            'n.target',
            'n.updated_at',
            'n.outcome',
            'a.agreement_id',
          ]);
        if (query.state !== undefined) select = select.where('n.state', '=', query.state);
        if (query.after !== undefined) select = select.where('n.pid', '>', query.after);
        const rows = await select
          .orderBy('n.pid')
          .limit(limit + 1)
          .execute();
        const items = rows.slice(0, limit).map(negotiationRow);
        return { items, ...(rows.length > limit ? { next: items[items.length - 1]?.pid } : {}) };
      },
    );

    app.get<{ Params: Static<typeof PidParams> }>(
      '/negotiations/:pid',
      { schema: { params: PidParams } },
      async (request, reply) => {
        const found = await getNegotiation(protocol, { pid: request.params.pid });
        if (!found.ok) return refuse(reply, found);
        const row = await protocol.store.db
          .selectFrom('dsp_negotiation')
          .select('outcome')
          .where('pid', '=', request.params.pid)
          .executeTakeFirst();
        return negotiationView(request.params.pid, found.value, row?.outcome);
      },
    );

    app.post<{ Params: Static<typeof PidParams>; Body: Static<typeof Terminate> }>(
      '/negotiations/:pid/terminate',
      { schema: { params: PidParams, body: Terminate } },
      async (request, reply) => {
        const { reason } = request.body;
        const result = await commandNegotiation(protocol, {
          pid: request.params.pid,
          event: {
            kind: 'terminate',
            code: 'terminated-by-user',
            ...(reason === undefined ? {} : { reason: [reason] }),
          },
          actor: deps.actorOf(request),
        });
        if (!result.ok) return refuse(reply, result);
        deps.kick();
        return negotiationView(result.value.pid, result.value.negotiation);
      },
    );

    app.get<{ Querystring: Static<typeof Page> }>(
      '/agreements',
      { schema: { querystring: Page } },
      async (request) => {
        const { query } = request;
        const limit = query.limit ?? 50;
        let select = protocol.store.db
          .selectFrom('dsp_agreement')
          .select([
            'agreement_id',
            'negotiation_pid',
            'provider',
            'consumer',
            'target',
            'agreement',
            'created_at',
          ]);
        if (query.after !== undefined) select = select.where('agreement_id', '>', query.after);
        const rows = await select
          .orderBy('agreement_id')
          .limit(limit + 1)
          .execute();
        const items = rows.slice(0, limit);
        return { items, ...(rows.length > limit ? { next: items[items.length - 1]?.agreement_id } : {}) };
      },
    );

    // Both nodes' signatures over the agreement, each with the certificate whose key verifies it: what either party
    // shows to prove the agreement later.
    app.get<{ Params: Static<typeof IdParams> }>(
      '/agreements/:id',
      { schema: { params: IdParams } },
      async (request, reply) => {
        const row = await protocol.store.db
          .selectFrom('dsp_agreement')
          .selectAll()
          .where('agreement_id', '=', request.params.id)
          .executeTakeFirst();
        if (row === undefined) {
          return refuse(reply, {
            reason: 'not-found',
            detail: `Cannot find agreement "${request.params.id}"`,
          });
        }
        const signature = (jws: string | null, certificate: string | null) =>
          jws === null ? null : { jws, certificate };
        return {
          agreementId: row.agreement_id,
          negotiationPid: row.negotiation_pid,
          provider: row.provider,
          consumer: row.consumer,
          target: row.target,
          agreement: row.agreement,
          createdAt: row.created_at,
          signatures: {
            provider: signature(row.provider_signature, row.provider_certificate),
            consumer: signature(row.consumer_signature, row.consumer_certificate),
          },
        };
      },
    );

    app.post<{ Body: Static<typeof StartTransfer> }>(
      '/transfers',
      { schema: { body: StartTransfer } },
      async (request, reply) => {
        const { pushEndpoint, ...body } = request.body;
        const providerAddress =
          body.providerAddress ?? (await agreedProviderAddress(protocol.store.db, body.agreementId));
        if (providerAddress === undefined) {
          return refuse(reply, {
            reason: 'unknown-provider-address',
            detail: `Cannot start a transfer under "${body.agreementId}": no providerAddress given, and this node negotiated no such agreement as consumer to find the provider by`,
          });
        }
        // A push DataAddress names the consumer's process, so its id is chosen before the process is opened.
        const consumerPid = protocol.newPid();
        const dataAddress = deps.requestAddressFor?.({
          format: body.format,
          consumerPid,
          ...(pushEndpoint === undefined ? {} : { endpoint: pushEndpoint }),
        });
        if (pushEndpoint !== undefined && dataAddress === undefined) {
          return refuse(reply, {
            reason: 'push-unsupported',
            detail: `Cannot start a transfer with pushEndpoint: format "${body.format}" is not a push this node receives`,
          });
        }
        const started = await startTransfer(protocol, {
          ...body,
          providerAddress,
          consumerPid,
          ...(dataAddress === undefined ? {} : { dataAddress }),
          actor: deps.actorOf(request),
        });
        deps.kick();
        return reply.code(201).send(transferView(started.pid, started.transfer));
      },
    );

    app.get<{ Querystring: Static<typeof Page> }>(
      '/transfers',
      { schema: { querystring: Page } },
      async (request) => {
        const { query } = request;
        const limit = query.limit ?? 50;
        let select = protocol.store.db
          .selectFrom('dsp_transfer as t')
          .leftJoin('dsp_agreement as a', 'a.agreement_id', 't.agreement_id')
          .select([
            't.pid',
            't.state',
            't.role',
            't.counterparty',
            't.agreement_id',
            't.updated_at',
            'a.target',
          ]);
        if (query.state !== undefined) select = select.where('t.state', '=', query.state);
        if (query.after !== undefined) select = select.where('t.pid', '>', query.after);
        const rows = await select
          .orderBy('t.pid')
          .limit(limit + 1)
          .execute();
        // `id`, `dataset` and `agreementId` are the names the web console reads (web/src/api/resources.ts).
        const items = rows
          .slice(0, limit)
          .map((row) => ({ ...row, id: row.pid, agreementId: row.agreement_id, dataset: row.target ?? '' }));
        return { items, ...(rows.length > limit ? { next: items[items.length - 1]?.pid } : {}) };
      },
    );

    app.get<{ Params: Static<typeof PidParams> }>(
      '/transfers/:pid',
      { schema: { params: PidParams } },
      async (request, reply) => {
        const found = await getTransfer(protocol, { pid: request.params.pid });
        if (!found.ok) return refuse(reply, found);
        const row = await protocol.store.db
          .selectFrom('dsp_transfer')
          .select('outcome')
          .where('pid', '=', request.params.pid)
          .executeTakeFirst();
        const outcome = row?.outcome;
        return {
          ...transferView(request.params.pid, found.value),
          ...(outcome === undefined || outcome === null ? {} : { outcome }),
        };
      },
    );

    const COMMANDS = {
      suspend: 'suspend',
      resume: 'start',
      complete: 'complete',
      terminate: 'terminate',
    } as const;
    for (const [verb, kind] of Object.entries(COMMANDS)) {
      app.post<{ Params: Static<typeof PidParams> }>(
        `/transfers/:pid/${verb}`,
        { schema: { params: PidParams } },
        async (request, reply) => {
          const result = await commandTransfer(protocol, {
            pid: request.params.pid,
            event: { kind },
            actor: deps.actorOf(request),
          });
          if (!result.ok) return refuse(reply, result);
          deps.kick();
          deps.transferStepped?.(result.value.pid);
          return transferView(result.value.pid, result.value.transfer);
        },
      );
    }
  };
}
