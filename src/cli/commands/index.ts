/** Every sub-command of `foedera`, one file each; a module adds its command with one line here. */
import type { Command } from 'commander';
import { registerAgreement } from './agreement.ts';
import { registerAudit } from './audit.ts';
import { registerCard } from './card.ts';
import { registerCatalog } from './catalog.ts';
import { registerCompute } from './compute.ts';
import { registerData } from './data.ts';
import { registerDataset } from './dataset.ts';
import { registerDemo } from './demo.ts';
import { registerFederation } from './federation.ts';
import { registerLineage } from './lineage.ts';
import { registerMe } from './me.ts';
import { registerNegotiation } from './negotiation.ts';
import { registerNode } from './node.ts';
import { registerParticipant } from './participant.ts';
import { registerReceived } from './received.ts';
import { registerToken } from './token.ts';
import { registerTraining } from './training.ts';
import { registerTransfer } from './transfer.ts';
import { registerTrust } from './trust.ts';
import { registerUser } from './user.ts';

export const commands: readonly ((program: Command) => void)[] = [
  registerDemo,
  registerFederation,
  registerParticipant,
  registerNode,
  registerUser,
  registerToken,
  registerAudit,
  registerData,
  registerMe,
  registerDataset,
  registerCatalog,
  registerNegotiation,
  registerAgreement,
  registerTransfer,
  registerTrust,
  registerReceived,
  registerCard,
  registerLineage,
  registerCompute,
  registerTraining,
];
