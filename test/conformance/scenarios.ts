// The DSP Technology Compatibility Kit's mandatory scenarios (eclipse-dataspacetck/dsp-tck, DSP 2025-1), written as
// data. The connector under test ("cut") plays `role`; the "peer" plays the TCK. Each step names who acts, what it
// sends, whether the receiver must accept it (`ok`) or refuse it with a 4xx (`error`), and the state the connector
// under test must be in afterwards. Phase 1 runs them against the pure state machines; the HTTP suite runs them
// against real nodes.
import type { NegotiationState, TransferState } from '../../src/protocol/messages/types.ts';

export type Actor = 'cut' | 'peer';
export type NegotiationAction =
  'request' | 'counter-request' | 'offer' | 'accept' | 'agree' | 'verify' | 'finalize' | 'terminate';
export type TransferAction = 'request' | 'start' | 'suspend' | 'complete' | 'terminate';
export type CatalogAction =
  'catalog-request' | 'dataset-request' | 'unknown-dataset-request' | 'version-request';

export type Step<A, S> = { by: Actor; action: A; expect: 'ok' | 'error'; state: S };

type Common = { id: string; title: string; role: 'provider' | 'consumer'; tckDisabled?: true };
export type NegotiationScenario = Common & {
  protocol: 'negotiation';
  steps: Step<NegotiationAction, NegotiationState>[];
};
export type TransferScenario = Common & {
  protocol: 'transfer';
  steps: Step<TransferAction, TransferState>[];
};
export type CatalogScenario = Common & {
  protocol: 'catalog' | 'metadata';
  steps: { by: 'peer'; action: CatalogAction; expect: 'ok' | 'error' }[];
};
export type Scenario = NegotiationScenario | TransferScenario | CatalogScenario;

// Step shorthands: `cut('offer', 'OFFERED')`, `peer('verify', 'OFFERED', 'error')`.
const cut = <A, S>(action: A, state: S): Step<A, S> => ({ by: 'cut', action, expect: 'ok', state });
const peer = <A, S>(action: A, state: S, expect: 'ok' | 'error' = 'ok'): Step<A, S> => ({
  by: 'peer',
  action,
  expect,
  state,
});
type N = Step<NegotiationAction, NegotiationState>;
type T = Step<TransferAction, TransferState>;
const cn = (id: string, title: string, steps: N[]): NegotiationScenario => ({
  id,
  title,
  protocol: 'negotiation',
  role: id.startsWith('CN_C') ? 'consumer' : 'provider',
  steps,
});
const tp = (id: string, title: string, steps: T[]): TransferScenario => ({
  id,
  title,
  protocol: 'transfer',
  role: id.startsWith('TP_C') ? 'consumer' : 'provider',
  steps,
});

// The consumer's opening request, seen from each side.
const requested: N = peer('request', 'REQUESTED');
const cRequested: N = cut('request', 'REQUESTED');
const tRequested: T = peer('request', 'REQUESTED');
const tcRequested: T = cut('request', 'REQUESTED');

export const NEGOTIATION_PROVIDER_SCENARIOS: NegotiationScenario[] = [
  cn('CN:01-01', 'contract request, offer received, consumer terminated', [
    requested,
    cut('offer', 'OFFERED'),
    peer('terminate', 'TERMINATED'),
  ]),
  cn('CN:01-02', 'contract request, offer received, consumer counter-offer, provider terminated', [
    requested,
    cut('offer', 'OFFERED'),
    peer('counter-request', 'REQUESTED'),
    cut('terminate', 'TERMINATED'),
  ]),
  cn(
    'CN:01-03',
    'contract request, offer, consumer accepted, provider agreement, consumer verified, finalized',
    [
      requested,
      cut('offer', 'OFFERED'),
      peer('accept', 'ACCEPTED'),
      cut('agree', 'AGREED'),
      peer('verify', 'VERIFIED'),
      cut('finalize', 'FINALIZED'),
    ],
  ),
  cn('CN:01-04', 'contract request, provider agreement, consumer verified, provider finalized', [
    requested,
    cut('agree', 'AGREED'),
    peer('verify', 'VERIFIED'),
    cut('finalize', 'FINALIZED'),
  ]),
  cn('CN:02-01', 'contract request, provider terminated', [requested, cut('terminate', 'TERMINATED')]),
  cn('CN:02-02', 'contract request, consumer terminated', [requested, peer('terminate', 'TERMINATED')]),
  cn('CN:02-03', 'contract request, provider agreement, consumer terminated', [
    requested,
    cut('agree', 'AGREED'),
    peer('terminate', 'TERMINATED'),
  ]),
  cn('CN:02-04', 'contract request, offer received, consumer terminated', [
    requested,
    cut('offer', 'OFFERED'),
    peer('terminate', 'TERMINATED'),
  ]),
  cn('CN:02-05', 'contract request, offer received, provider terminated', [
    requested,
    cut('offer', 'OFFERED'),
    cut('terminate', 'TERMINATED'),
  ]),
  cn('CN:02-06', 'contract request, offer received, consumer accepted, provider terminated', [
    requested,
    cut('offer', 'OFFERED'),
    peer('accept', 'ACCEPTED'),
    cut('terminate', 'TERMINATED'),
  ]),
  cn('CN:02-07', 'contract request, provider agreement, consumer verified, provider terminated', [
    requested,
    cut('agree', 'AGREED'),
    peer('verify', 'VERIFIED'),
    cut('terminate', 'TERMINATED'),
  ]),
  cn('CN:03-01', 'contract request, agreement, verified, finalized, invalid consumer terminated', [
    requested,
    cut('agree', 'AGREED'),
    peer('verify', 'VERIFIED'),
    cut('finalize', 'FINALIZED'),
    peer('terminate', 'FINALIZED', 'error'),
  ]),
  cn('CN:03-02', 'contract request, offer received, invalid consumer verified', [
    requested,
    cut('offer', 'OFFERED'),
    peer('verify', 'OFFERED', 'error'),
  ]),
  cn('CN:03-03', 'contract request, offer received, consumer accepted, illegal consumer verified', [
    requested,
    cut('offer', 'OFFERED'),
    peer('accept', 'ACCEPTED'),
    peer('verify', 'ACCEPTED', 'error'),
  ]),
  cn('CN:03-04', 'contract request, offer received, consumer counter-offer (x2), provider terminated', [
    requested,
    cut('offer', 'OFFERED'),
    peer('counter-request', 'REQUESTED'),
    peer('counter-request', 'REQUESTED', 'error'),
  ]),
];

export const NEGOTIATION_CONSUMER_SCENARIOS: NegotiationScenario[] = [
  cn(
    'CN_C:01-01',
    'contract request, offer, consumer accepted, provider agreed, consumer verified, finalized',
    [
      cRequested,
      peer('offer', 'OFFERED'),
      cut('accept', 'ACCEPTED'),
      peer('agree', 'AGREED'),
      cut('verify', 'VERIFIED'),
      peer('finalize', 'FINALIZED'),
    ],
  ),
  cn('CN_C:02-01', 'contract request, provider terminated', [cRequested, peer('terminate', 'TERMINATED')]),
  cn('CN_C:02-02', 'contract request, consumer terminated', [cRequested, cut('terminate', 'TERMINATED')]),
  cn('CN_C:02-03', 'contract request, provider agreement, consumer terminated', [
    cRequested,
    peer('agree', 'AGREED'),
    cut('terminate', 'TERMINATED'),
  ]),
  cn('CN_C:02-04', 'contract request, offer received, provider terminated', [
    cRequested,
    peer('offer', 'OFFERED'),
    peer('terminate', 'TERMINATED'),
  ]),
  cn('CN_C:02-05', 'contract request, offer received, consumer accepted, provider terminated', [
    cRequested,
    peer('offer', 'OFFERED'),
    cut('accept', 'ACCEPTED'),
    peer('terminate', 'TERMINATED'),
  ]),
  cn('CN_C:02-06', 'contract request, provider agreement, consumer verified, provider terminated', [
    cRequested,
    peer('agree', 'AGREED'),
    cut('verify', 'VERIFIED'),
    peer('terminate', 'TERMINATED'),
  ]),
  cn('CN_C:03-01', 'contract request, invalid provider finalized', [
    cRequested,
    peer('finalize', 'REQUESTED', 'error'),
  ]),
  cn('CN_C:03-02', 'contract request, offer received, invalid provider agreed', [
    cRequested,
    peer('offer', 'OFFERED'),
    peer('agree', 'OFFERED', 'error'),
  ]),
  cn('CN_C:03-03', 'contract request, offer received, invalid provider finalized', [
    cRequested,
    peer('offer', 'OFFERED'),
    peer('finalize', 'OFFERED', 'error'),
  ]),
  cn('CN_C:03-04', 'contract request, offer received, consumer accepted, invalid provider finalized', [
    cRequested,
    peer('offer', 'OFFERED'),
    cut('accept', 'ACCEPTED'),
    peer('finalize', 'ACCEPTED', 'error'),
  ]),
  cn('CN_C:03-05', 'contract request, offer received, consumer accepted, invalid provider offer', [
    cRequested,
    peer('offer', 'OFFERED'),
    cut('accept', 'ACCEPTED'),
    peer('offer', 'ACCEPTED', 'error'),
  ]),
  cn(
    'CN_C:03-06',
    'contract request, offer, consumer accepted, provider agreed, invalid provider finalized',
    [
      cRequested,
      peer('offer', 'OFFERED'),
      cut('accept', 'ACCEPTED'),
      peer('agree', 'AGREED'),
      peer('finalize', 'AGREED', 'error'),
    ],
  ),
];

const startedThen = (...rest: T[]): T[] => [tRequested, cut('start', 'STARTED'), ...rest];
const cStartedThen = (...rest: T[]): T[] => [tcRequested, peer('start', 'STARTED'), ...rest];

export const TRANSFER_PROVIDER_SCENARIOS: TransferScenario[] = [
  tp(
    'TP:01-01',
    'transfer request, provider started, provider terminated',
    startedThen(cut('terminate', 'TERMINATED')),
  ),
  tp(
    'TP:01-02',
    'transfer request, provider started, provider completed',
    startedThen(cut('complete', 'COMPLETED')),
  ),
  tp(
    'TP:01-03',
    'transfer request, provider started, provider suspended, provider terminated',
    startedThen(cut('suspend', 'SUSPENDED'), cut('terminate', 'TERMINATED')),
  ),
  tp(
    'TP:01-04',
    'transfer request, provider started, suspended, started, completed',
    startedThen(cut('suspend', 'SUSPENDED'), cut('start', 'STARTED'), cut('complete', 'COMPLETED')),
  ),
  tp('TP:01-05', 'transfer request, provider terminated', [tRequested, cut('terminate', 'TERMINATED')]),
  tp(
    'TP:02-01',
    'transfer request, provider started, consumer terminated',
    startedThen(peer('terminate', 'TERMINATED')),
  ),
  tp(
    'TP:02-02',
    'transfer request, provider started, provider completed',
    startedThen(cut('complete', 'COMPLETED')),
  ),
  tp(
    'TP:02-03',
    'transfer request, provider started, provider suspended, provider terminated',
    startedThen(cut('suspend', 'SUSPENDED'), cut('terminate', 'TERMINATED')),
  ),
  tp(
    'TP:02-04',
    'transfer request, provider started, suspended, started, completed',
    startedThen(cut('suspend', 'SUSPENDED'), cut('start', 'STARTED'), cut('complete', 'COMPLETED')),
  ),
  tp('TP:02-05', 'transfer request, provider terminated', [tRequested, cut('terminate', 'TERMINATED')]),
  tp('TP:03-01', 'transfer request, consumer completed', [
    tRequested,
    peer('complete', 'REQUESTED', 'error'),
  ]),
  tp('TP:03-02', 'transfer request, consumer suspended', [tRequested, peer('suspend', 'REQUESTED', 'error')]),
  tp(
    'TP:03-03',
    'transfer request, provider started, consumer suspended, consumer completed',
    startedThen(peer('suspend', 'SUSPENDED'), peer('complete', 'SUSPENDED', 'error')),
  ),
  tp(
    'TP:03-04',
    'transfer request, provider started, consumer terminated, consumer started',
    startedThen(peer('terminate', 'TERMINATED'), peer('start', 'TERMINATED', 'error')),
  ),
  tp(
    'TP:03-05',
    'transfer request, provider started, consumer terminated, consumer suspended',
    startedThen(peer('terminate', 'TERMINATED'), peer('suspend', 'TERMINATED', 'error')),
  ),
  tp(
    'TP:03-06',
    'transfer request, provider started, consumer terminated, consumer completed',
    startedThen(peer('terminate', 'TERMINATED'), peer('complete', 'TERMINATED', 'error')),
  ),
];

export const TRANSFER_CONSUMER_SCENARIOS: TransferScenario[] = [
  tp(
    'TP_C:01-01',
    'transfer request, provider started, provider terminated',
    cStartedThen(peer('terminate', 'TERMINATED')),
  ),
  tp(
    'TP_C:01-02',
    'transfer request, provider started, provider completed',
    cStartedThen(peer('complete', 'COMPLETED')),
  ),
  tp(
    'TP_C:01-03',
    'transfer request, provider started, provider suspended, provider terminated',
    cStartedThen(peer('suspend', 'SUSPENDED'), peer('terminate', 'TERMINATED')),
  ),
  tp(
    'TP_C:01-04',
    'transfer request, provider started, suspended, started, completed',
    cStartedThen(peer('suspend', 'SUSPENDED'), peer('start', 'STARTED'), peer('complete', 'COMPLETED')),
  ),
  tp('TP_C:01-05', 'transfer request, provider terminated', [tcRequested, peer('terminate', 'TERMINATED')]),
  tp(
    'TP_C:02-01',
    'transfer request, provider started, consumer terminated',
    cStartedThen(cut('terminate', 'TERMINATED')),
  ),
  tp(
    'TP_C:02-02',
    'transfer request, provider started, consumer completed',
    cStartedThen(cut('complete', 'COMPLETED')),
  ),
  tp(
    'TP_C:02-03',
    'transfer request, provider started, consumer suspended, consumer terminated',
    cStartedThen(cut('suspend', 'SUSPENDED'), cut('terminate', 'TERMINATED')),
  ),
  {
    ...tp(
      'TP_C:02-04',
      'transfer request, provider started, consumer suspended, consumer started, consumer completed',
      cStartedThen(cut('suspend', 'SUSPENDED'), cut('start', 'STARTED'), cut('complete', 'COMPLETED')),
    ),
    tckDisabled: true,
  },
  tp('TP_C:02-05', 'transfer request, consumer terminated', [tcRequested, cut('terminate', 'TERMINATED')]),
  tp('TP_C:03-01', 'transfer request, provider completed', [
    tcRequested,
    peer('complete', 'REQUESTED', 'error'),
  ]),
  tp('TP_C:03-02', 'transfer request, provider suspended', [
    tcRequested,
    peer('suspend', 'REQUESTED', 'error'),
  ]),
  tp(
    'TP_C:03-03',
    'transfer request, provider started, provider suspended, provider completed',
    cStartedThen(peer('suspend', 'SUSPENDED'), peer('complete', 'SUSPENDED', 'error')),
  ),
  tp(
    'TP_C:03-04',
    'transfer request, provider started, provider terminated, provider started',
    cStartedThen(peer('terminate', 'TERMINATED'), peer('start', 'TERMINATED', 'error')),
  ),
  tp(
    'TP_C:03-05',
    'transfer request, provider started, provider terminated, provider suspended',
    cStartedThen(peer('terminate', 'TERMINATED'), peer('suspend', 'TERMINATED', 'error')),
  ),
  tp(
    'TP_C:03-06',
    'transfer request, provider started, provider terminated, provider completed',
    cStartedThen(peer('terminate', 'TERMINATED'), peer('complete', 'TERMINATED', 'error')),
  ),
];

export const CATALOG_SCENARIOS: CatalogScenario[] = [
  {
    id: 'MET:01-01',
    title: 'metadata (version) request',
    protocol: 'metadata',
    role: 'provider',
    steps: [{ by: 'peer', action: 'version-request', expect: 'ok' }],
  },
  {
    id: 'CAT:01-01',
    title: 'catalog request',
    protocol: 'catalog',
    role: 'provider',
    steps: [{ by: 'peer', action: 'catalog-request', expect: 'ok' }],
  },
  {
    id: 'CAT:01-02',
    title: 'dataset request',
    protocol: 'catalog',
    role: 'provider',
    steps: [{ by: 'peer', action: 'dataset-request', expect: 'ok' }],
  },
  {
    id: 'CAT:01-03',
    title: 'dataset request not found',
    protocol: 'catalog',
    role: 'provider',
    steps: [{ by: 'peer', action: 'unknown-dataset-request', expect: 'error' }],
  },
];

export const SCENARIOS: Scenario[] = [
  ...CATALOG_SCENARIOS,
  ...NEGOTIATION_PROVIDER_SCENARIOS,
  ...NEGOTIATION_CONSUMER_SCENARIOS,
  ...TRANSFER_PROVIDER_SCENARIOS,
  ...TRANSFER_CONSUMER_SCENARIOS,
];
