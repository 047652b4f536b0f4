/**
 * Serves the web console (the Vite build in web/dist) on the management surface: `/console/` and its hashed assets,
 * public like the OpenAPI document (the console signs in with a token afterwards), and `/` redirects there. Strict
 * headers: the console loads nothing from elsewhere and may not be framed.
 */
import { access } from 'node:fs/promises';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { RoutePlugin } from '../node/route-plugins.ts';
import { projectPath } from '../shared/project-root.ts';

export const CONSOLE_DIST = `${projectPath('web', 'dist')}/`;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const NOT_BUILT =
  '<!doctype html><title>Foedera console</title><h1>The console is not built</h1>' +
  '<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p>';

export function consoleStatic(options: { dist?: string } = {}): RoutePlugin {
  const root = options.dist ?? CONSOLE_DIST;
  return {
    name: 'console',
    surface: 'management',
    prefix: '',
    create: () => async (app) => {
      await app.register(fastifyStatic, { root, serve: false });
      const open = { config: { public: true }, schema: { hide: true } } as const;
      const built = (): Promise<boolean> =>
        access(`${root}/index.html`).then(
          () => true,
          () => false,
        );
      const index = async (reply: FastifyReply): Promise<FastifyReply> => {
        reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache');
        if (!(await built())) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
        return reply.sendFile('index.html');
      };

      app.get('/', open, async (_request, reply) => reply.redirect('/console/'));
      app.get('/console', open, async (_request, reply) => reply.redirect('/console/'));
      app.get('/console/', open, async (_request, reply) => index(reply));
      app.get<{ Params: { '*': string } }>('/console/*', open, async (request, reply) => {
        const path = request.params['*'];
        // Only the build's own files: hashed assets are immutable, anything else is the app shell.
        if (/^assets\/[\w.-]+$/.test(path)) {
          return reply
            .headers(SECURITY_HEADERS)
            .sendFile(path, { maxAge: 365 * 24 * 3600 * 1000, immutable: true });
        }
        return index(reply);
      });
    },
  };
}

/** The registry entry: the console as built in this checkout. */
export const consoleRoutes: RoutePlugin = consoleStatic();
