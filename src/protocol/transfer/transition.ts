import { err, ok, type Result } from '../../shared/result.ts';
import { findRow, otherRole, type Role } from '../_internal/table.ts';
import * as build from '../messages/transfer-builders.ts';
import type {
  DataAddress,
  TransferMessage,
  TransferProcess,
  TransferRequestMessage,
} from '../messages/types.ts';
import { transferPath } from './paths.ts';
import { TRANSFER_TRANSITIONS, type TransferSignal } from './table.ts';
import type {
  Transfer,
  TransferEffect,
  TransferEvent,
  TransferRefusal,
  TransferTransition,
} from './transfer.ts';

const refuse = (reason: TransferRefusal, detail: string): TransferTransition => err(reason, detail);

function step(t: Transfer, signal: TransferSignal, sender: Role): TransferTransition | Transfer['state'] {
  const row = findRow(TRANSFER_TRANSITIONS, { signal, sender, from: t.state });
  if (row !== undefined) return row.to;
  const pid = t.role === 'provider' ? t.providerPid : t.consumerPid;
  return refuse(
    'invalid-transition',
    `Cannot apply ${signal} from the ${sender} to transfer "${pid ?? '?'}" in state ${t.state}`,
  );
}

const flowEffect = (signal: TransferSignal, dataAddress: DataAddress | null): TransferEffect[] => {
  switch (signal) {
    case 'TransferStartMessage':
      return [{ type: 'start-data-flow', dataAddress }];
    case 'TransferSuspensionMessage':
      return [{ type: 'suspend-data-flow' }];
    case 'TransferCompletionMessage':
      return [{ type: 'stop-data-flow', state: 'COMPLETED' }];
    case 'TransferTerminationMessage':
      return [{ type: 'stop-data-flow', state: 'TERMINATED' }];
    case 'TransferRequestMessage':
      return [];
  }
};

function receive(t: Transfer, event: Extract<TransferEvent, { kind: 'receive' }>): TransferTransition {
  const { message, digest } = event;
  if (t.lastReceived?.digest === digest && t.lastReceived.state === t.state)
    return { ok: true, state: t, effects: [], replay: true };
  const signal = message['@type'];
  const to = step(t, signal, otherRole(t.role));
  if (typeof to !== 'string') return to;
  if (message['@type'] === 'TransferRequestMessage') {
    return refuse('invalid-transition', 'Cannot apply a TransferRequestMessage to a transfer that exists');
  }
  if (
    message.consumerPid !== t.consumerPid ||
    (t.providerPid !== null && message.providerPid !== t.providerPid)
  ) {
    return refuse(
      'pid-mismatch',
      `Cannot apply ${signal}: its process ids do not name transfer "${t.consumerPid}"`,
    );
  }
  const dataAddress =
    message['@type'] === 'TransferStartMessage' && message.dataAddress !== undefined
      ? message.dataAddress
      : t.dataAddress;
  const next: Transfer = {
    ...t,
    state: to,
    providerPid: t.providerPid ?? message.providerPid,
    dataAddress,
    lastReceived: { digest, state: to },
  };
  return { ok: true, state: next, effects: flowEffect(signal, dataAddress), replay: false };
}

function send(
  t: Transfer,
  event: Exclude<TransferEvent, { kind: 'receive' | 'acknowledged' }>,
): TransferTransition {
  const signal = (
    {
      start: 'TransferStartMessage',
      suspend: 'TransferSuspensionMessage',
      complete: 'TransferCompletionMessage',
      terminate: 'TransferTerminationMessage',
    } as const
  )[event.kind];
  const to = step(t, signal, t.role);
  if (typeof to !== 'string') return to;
  if (t.providerPid === null) {
    return refuse(
      'invalid-transition',
      `Cannot ${event.kind} transfer "${t.consumerPid}": the provider has not acknowledged it`,
    );
  }
  const pids = { providerPid: t.providerPid, consumerPid: t.consumerPid };
  const peerPid = t.role === 'provider' ? pids.consumerPid : pids.providerPid;
  const path = transferPath({ sender: t.role, signal, peerPid });
  const codeAndReason = (e: { code?: string; reason?: string[] }) => ({
    ...(e.code === undefined ? {} : { code: e.code }),
    ...(e.reason === undefined ? {} : { reason: e.reason }),
  });
  let message: TransferMessage;
  let dataAddress = t.dataAddress;
  switch (event.kind) {
    case 'start':
      dataAddress = event.dataAddress ?? t.dataAddress;
      message = build.transferStartMessage({
        ...pids,
        ...(event.dataAddress === undefined ? {} : { dataAddress: event.dataAddress }),
      });
      break;
    case 'suspend':
      message = build.transferSuspensionMessage({ ...pids, ...codeAndReason(event) });
      break;
    case 'complete':
      message = build.transferCompletionMessage(pids);
      break;
    case 'terminate':
      message = build.transferTerminationMessage({ ...pids, ...codeAndReason(event) });
      break;
  }
  return {
    ok: true,
    state: { ...t, state: to, dataAddress },
    effects: [{ type: 'send', path, message }, ...flowEffect(signal, dataAddress)],
    replay: false,
  };
}

/** The one pure step of a transfer process: `(transfer, event) → (transfer', effects)`, or a refusal. */
export function transition(transfer: Transfer, event: TransferEvent): TransferTransition {
  switch (event.kind) {
    case 'receive':
      return receive(transfer, event);
    case 'acknowledged':
      return {
        ok: true,
        state: { ...transfer, providerPid: transfer.providerPid ?? event.providerPid },
        effects: [],
        replay: false,
      };
    case 'start':
    case 'suspend':
    case 'complete':
    case 'terminate':
      return send(transfer, event);
  }
}

export type TransferStart = { transfer: Transfer; effects: TransferEffect[] };

/** Consumer: ask the provider at `providerAddress` for a transfer under `agreementId`. */
export function requestTransfer(options: {
  consumerPid: string;
  provider: string;
  providerAddress: string;
  agreementId: string;
  format: string;
  callbackAddress: string;
  dataAddress?: DataAddress;
}): TransferStart {
  const message = build.transferRequestMessage({
    consumerPid: options.consumerPid,
    agreementId: options.agreementId,
    format: options.format,
    callbackAddress: options.callbackAddress,
    ...(options.dataAddress === undefined ? {} : { dataAddress: options.dataAddress }),
  });
  return {
    transfer: {
      role: 'consumer',
      state: 'REQUESTED',
      providerPid: null,
      consumerPid: options.consumerPid,
      counterparty: options.provider,
      counterpartyAddress: options.providerAddress,
      agreementId: options.agreementId,
      format: options.format,
      dataAddress: options.dataAddress ?? null,
      lastReceived: null,
    },
    effects: [
      {
        type: 'send',
        path: transferPath({ sender: 'consumer', signal: 'TransferRequestMessage', peerPid: null }),
        message,
      },
    ],
  };
}

/** Provider: open a transfer process from a consumer's request; the decision comes next. */
export function receiveTransferRequest(options: {
  providerPid: string;
  consumer: string;
  message: TransferRequestMessage;
  digest: string;
}): Result<TransferStart, never> {
  const { message } = options;
  return ok({
    transfer: {
      role: 'provider',
      state: 'REQUESTED',
      providerPid: options.providerPid,
      consumerPid: message.consumerPid,
      counterparty: options.consumer,
      counterpartyAddress: message.callbackAddress,
      agreementId: message.agreementId,
      format: message.format,
      dataAddress: message.dataAddress ?? null,
      lastReceived: { digest: options.digest, state: 'REQUESTED' },
    },
    effects: [{ type: 'decide', question: 'transfer-request' }],
  });
}

export function transferDocument(t: Transfer): TransferProcess {
  if (t.providerPid === null) throw new Error('Cannot describe a transfer the provider has not acknowledged');
  return build.transferProcess({ providerPid: t.providerPid, consumerPid: t.consumerPid, state: t.state });
}
