/** Every sub-command of `foedera`, one file each; a module adds its command with one line here. */
import type { Command } from 'commander';
import { registerAudit } from './audit.ts';
import { registerDemo } from './demo.ts';
import { registerFederation } from './federation.ts';
import { registerNode } from './node.ts';
import { registerParticipant } from './participant.ts';
import { registerToken } from './token.ts';
import { registerUser } from './user.ts';

export const commands: readonly ((program: Command) => void)[] = [
  registerDemo,
  registerFederation,
  registerParticipant,
  registerNode,
  registerUser,
  registerToken,
  registerAudit,
];
