/**
 * Audits user administration: carries the identity provider's user journal (src/trust/tokens/user-journal.ts) into
 * the node's audit log once before the node serves, then every `INTERVAL_MS` while it runs. It is a route plugin
 * with no routes because plugins are what the node builds from its context at start and closes at shutdown; the
 * journal design (rather than a `/v1/users` route) keeps one path whether the node runs or not, and leaves the
 * directory with the identity provider, which owns it.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RoutePlugin } from '../../node/route-plugins.ts';
import { resolveInHome } from '../../node/read-material.ts';
import { auditUserJournal } from '../../trust/tokens/audit-user-journal.ts';
import { userJournalFile } from '../../trust/tokens/user-journal.ts';

const INTERVAL_MS = 2_000;

export const userAuditPlugin: RoutePlugin = {
  name: 'user-audit',
  surface: 'management',
  prefix: '/v1/users',
  create: async (context) => {
    const journal = userJournalFile(
      resolveInHome(context.home, context.config.idp.users ?? join('idp', 'users.json')),
    );
    const logged = new Set<string>();
    let seenSize = -1;
    const round = async () => {
      const size = await stat(journal).then(
        (s) => s.size,
        () => 0,
      );
      // Appended to only: an unchanged size means nothing new to log.
      if (size === seenSize) return;
      const { appended, invalid } = await auditUserJournal({
        journal,
        store: context.stores.metadata,
        node: context.identity.participantId,
        logged,
      });
      seenSize = size;
      if (appended > 0) context.logger.info({ appended }, 'User administration audited');
      if (invalid.length > 0)
        context.logger.warn(
          { journal, lines: invalid },
          'User journal lines that are not records were skipped',
        );
    };
    const guarded = () =>
      round().catch((error: unknown) =>
        context.logger.error({ err: error, journal }, 'Cannot audit the user journal'),
      );
    await guarded();
    let running: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(guarded);
    }, INTERVAL_MS);
    timer.unref();
    const stop = () => clearInterval(timer);
    context.shutdown.addEventListener('abort', stop, { once: true });
    return async (app) => {
      // The last round uses the store: it ends before the stores close.
      app.addHook('onClose', async () => {
        stop();
        await running;
      });
    };
  },
};
