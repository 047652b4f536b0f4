/** Minimal streaming HTTP(S) calls for the transfer clients, over the node's mutual-TLS agent. */
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { FoederaError } from '../../shared/errors.ts';

export class TransferHttpError extends FoederaError {
  readonly status: number;
  readonly reason: string;
  constructor(options: { status: number; reason: string; detail: string }) {
    super('transfer-http-error', options.detail);
    this.status = options.status;
    this.reason = options.reason;
  }
  /** 4xx answers are refusals a retry would only repeat. */
  get retryable(): boolean {
    return this.status >= 500;
  }
}

export type Call = {
  readonly url: string;
  readonly agent: Agent;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | Readable;
  readonly signal?: AbortSignal;
  /** Checks the server before its answer is read (over TLS: who it is); throwing refuses the answer. */
  readonly checkServer?: (socket: TLSSocket) => void;
};

export function call(options: Call): Promise<IncomingMessage> {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        agent: options.agent,
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
      (response) => {
        try {
          options.checkServer?.(response.socket as TLSSocket);
        } catch (error) {
          response.destroy();
          reject(error as Error);
          return;
        }
        resolve(response);
      },
    );
    const body = options.body;
    req.on('error', (error) => {
      // A body stream that never reached the socket must still be closed (it may hold a file handle).
      if (body !== undefined && !Buffer.isBuffer(body)) body.destroy();
      reject(error);
    });
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.on('error', (error) => req.destroy(error));
      body.pipe(req);
    }
  });
}

export async function readAll(response: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new FoederaError('transfer-http-error', `Response of more than ${limit} bytes refused`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Throws a `TransferHttpError` carrying the problem document's code unless the status is 2xx. */
export async function expectOk(response: IncomingMessage, what: string): Promise<IncomingMessage> {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return response;
  const text = (await readAll(response, 65536).catch(() => Buffer.alloc(0))).toString('utf8');
  let reason = `http-${status}`;
  let detail = `${what}: HTTP ${status}`;
  try {
    const problem = JSON.parse(text) as { code?: string; detail?: string };
    if (typeof problem.code === 'string') reason = problem.code;
    if (typeof problem.detail === 'string') detail = `${what}: ${problem.detail}`;
  } catch {
    // not a problem document: keep the status
  }
  throw new TransferHttpError({ status, reason, detail });
}

export async function callJson(options: Call & { what: string }): Promise<unknown> {
  const response = await expectOk(await call(options), options.what);
  return JSON.parse((await readAll(response)).toString('utf8'));
}

/** Runs `work` over `items` with at most `concurrency` at a time; the first failure stops new starts and rejects. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
