/**
 * The one client of the node's management API the CLI verbs use: bearer token, JSON in and out, RFC 9457 problem
 * documents turned into `ApiError`s that carry their exit code, and an unreachable node reported as such.
 */
import { FoederaError } from '../../shared/errors.ts';
import { ApiError, readProblem } from './api-error.ts';
import type { Connection } from './connection.ts';
import type {
  AgreementDetail,
  AgreementRow,
  CatalogDataset,
  CatalogItem,
  CatalogQuery,
  DatasetInput,
  Me,
  NegotiationRow,
  NegotiationView,
  Page,
  ProbeResult,
  Received,
  Readiness,
  RefreshInput,
  RefreshResult,
  Revocation,
  StartNegotiationInput,
  StartTransferInput,
  TransferProgress,
  TransferRow,
  TransferView,
  TrustEvent,
} from './views.ts';

type Query = Readonly<Record<string, string | number | undefined>>;

export type ApiCall = {
  /** What the user asked, for the message: "Cannot start negotiation: …". */
  readonly action: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Query;
  readonly body?: unknown;
  /** Statuses that are an answer rather than an error (e.g. 503 from /readyz). */
  readonly accept?: readonly number[];
};

export type ProtocolListQuery = { state?: string; limit?: number; after?: string };

const id = (value: string) => encodeURIComponent(value);

export class ManagementClient {
  readonly connection: Connection;
  constructor(connection: Connection) {
    this.connection = connection;
  }

  async call<T>(call: ApiCall): Promise<T> {
    const url = new URL(`${this.connection.url}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    let response: Response;
    try {
      response = await fetch(url, {
        method: call.method ?? (call.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${this.connection.token}`,
          accept: 'application/json, application/problem+json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new FoederaError(
        'node-unreachable',
        `Cannot ${call.action}: no answer from the management API at ${this.connection.url} (${reason})`,
        { cause: error },
      );
    }
    const text = await response.text();
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    if (!response.ok && !(call.accept ?? []).includes(response.status)) {
      const problem = readProblem(body);
      throw new ApiError({
        action: call.action,
        status: response.status,
        ...(problem === undefined ? { text: text.slice(0, 300) } : { problem }),
      });
    }
    return body as T;
  }

  // Datasets of this node
  createDataset(body: DatasetInput): Promise<CatalogDataset> {
    return this.call({ action: 'publish dataset', path: '/v1/datasets', body });
  }
  getDataset(datasetId: string): Promise<CatalogDataset> {
    return this.call({ action: `read dataset "${datasetId}"`, path: `/v1/datasets/${id(datasetId)}` });
  }
  listDatasets(query: { limit?: number; offset?: number }): Promise<Page<CatalogDataset>> {
    return this.call({ action: 'list datasets', path: '/v1/datasets', query });
  }
  replaceDataset(body: DatasetInput): Promise<CatalogDataset> {
    return this.call({
      action: `update dataset "${body.id}"`,
      method: 'PUT',
      path: `/v1/datasets/${id(body.id)}`,
      body,
    });
  }
  async deleteDataset(datasetId: string): Promise<void> {
    await this.call({
      action: `delete dataset "${datasetId}"`,
      method: 'DELETE',
      path: `/v1/datasets/${id(datasetId)}`,
    });
  }

  // Catalog: own datasets and the federated cache
  searchCatalog(query: CatalogQuery): Promise<Page<CatalogItem>> {
    return this.call({ action: 'search the catalog', path: '/v1/catalog', query });
  }
  refreshCatalog(body: RefreshInput): Promise<RefreshResult> {
    return this.call({ action: `refresh the catalog of "${body.peer}"`, path: '/v1/catalog/refresh', body });
  }

  // Negotiations and agreements
  startNegotiation(body: StartNegotiationInput): Promise<NegotiationView> {
    return this.call({ action: 'start negotiation', path: '/v1/negotiations', body });
  }
  listNegotiations(query: ProtocolListQuery): Promise<Page<NegotiationRow>> {
    return this.call({ action: 'list negotiations', path: '/v1/negotiations', query });
  }
  getNegotiation(pid: string): Promise<NegotiationView> {
    return this.call({ action: `read negotiation "${pid}"`, path: `/v1/negotiations/${id(pid)}` });
  }
  terminateNegotiation(pid: string, reason?: string): Promise<NegotiationView> {
    return this.call({
      action: `terminate negotiation "${pid}"`,
      path: `/v1/negotiations/${id(pid)}/terminate`,
      body: reason === undefined ? {} : { reason },
    });
  }
  listAgreements(query: ProtocolListQuery): Promise<Page<AgreementRow>> {
    return this.call({ action: 'list agreements', path: '/v1/agreements', query });
  }

  getAgreement(agreementId: string): Promise<AgreementDetail> {
    return this.call({
      action: `read agreement "${agreementId}"`,
      path: `/v1/agreements/${id(agreementId)}`,
    });
  }

  // Transfers
  startTransfer(body: StartTransferInput): Promise<TransferView> {
    return this.call({ action: 'start transfer', path: '/v1/transfers', body });
  }
  listTransfers(query: ProtocolListQuery): Promise<Page<TransferRow>> {
    return this.call({ action: 'list transfers', path: '/v1/transfers', query });
  }
  getTransfer(pid: string): Promise<TransferView> {
    return this.call({ action: `read transfer "${pid}"`, path: `/v1/transfers/${id(pid)}` });
  }
  /** The pull's progress, or undefined where there is none to show (a provider's side, no data plane answer). */
  async transferProgress(pid: string): Promise<TransferProgress | undefined> {
    try {
      return await this.call<TransferProgress>({
        action: `read the progress of transfer "${pid}"`,
        path: `/v1/dataplane/transfers/${id(pid)}/progress`,
      });
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) return undefined;
      throw error;
    }
  }
  received(): Promise<Received> {
    return this.call({ action: 'list received objects', path: '/v1/dataplane/received' });
  }
  commandTransfer(pid: string, verb: 'suspend' | 'resume' | 'complete' | 'terminate'): Promise<TransferView> {
    return this.call({
      action: `${verb} transfer "${pid}"`,
      path: `/v1/transfers/${id(pid)}/${verb}`,
      body: {},
    });
  }

  // The caller, trust, the node
  me(): Promise<Me> {
    return this.call({ action: 'read the caller', path: '/v1/me' });
  }
  revocation(): Promise<Revocation> {
    return this.call({ action: 'read the revocation list in force', path: '/v1/trust/revocation' });
  }
  trustEvents(query: { limit?: number; kind?: string }): Promise<{ events: TrustEvent[] }> {
    return this.call({ action: 'list trust events', path: '/v1/trust/events', query });
  }
  async crl(sha256: string): Promise<string> {
    const url = `${this.connection.url}/v1/trust/crl/${id(sha256)}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.connection.token}` } });
    if (!response.ok) {
      const text = await response.text();
      let problem: unknown;
      try {
        problem = JSON.parse(text);
      } catch {
        problem = undefined;
      }
      const read = readProblem(problem);
      throw new ApiError({
        action: `read revocation list "${sha256}"`,
        status: response.status,
        ...(read === undefined ? { text } : { problem: read }),
      });
    }
    return response.text();
  }
  probe(body: { url: string; participant?: string }): Promise<ProbeResult> {
    return this.call({ action: `probe peer ${body.url}`, path: '/v1/federation/probe', body });
  }
  readiness(): Promise<Readiness> {
    return this.call({ action: 'read readiness', path: '/readyz', accept: [503] });
  }
}
