/**
 * Serves the web console (the Vite build in web/dist) on the management surface: `/console/` and its hashed assets,
 * public like the OpenAPI document (the console signs in with a token afterwards), and `/` redirects there. Strict
 * headers: the console loads nothing from elsewhere and may not be framed. Files are streamed by `@fastify/send`
 * (conditional requests, ranges, content types), loaded with the first request for one: a node whose console is never
 * opened does not hold it.
 */
import { access } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
      const sendFile = async (
        request: FastifyRequest,
        reply: FastifyReply,
        file: { path: string; cache: { maxAge: number; immutable: boolean } | 'no-cache' },
      ): Promise<FastifyReply> => {
        const { path, cache } = file;
        const { default: send } = await import('@fastify/send');
        const sent = await send(request.raw, encodeURI(`/${path}`), {
          root,
          index: false,
          ...(cache === 'no-cache' ? { cacheControl: false } : cache),
        });
        if (sent.type === 'file') {
          if (cache === 'no-cache') reply.header('cache-control', 'no-cache');
          return reply.code(sent.statusCode).headers(sent.headers).send(sent.stream);
        }
        sent.stream.destroy();
        if (sent.statusCode === 404) {
          reply.callNotFound();
          return reply;
        }
        // Anything else (a malformed path, an unsatisfiable range) is the client's error, with its status.
        throw sent.type === 'error' ? sent.metadata.error : new Error(`Cannot serve console file "${path}"`);
      };
      const open = { config: { public: true }, schema: { hide: true } } as const;
      const built = (): Promise<boolean> =>
        access(`${root}/index.html`).then(
          () => true,
          () => false,
        );
      const index = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
        reply.headers(SECURITY_HEADERS);
        if (!(await built())) {
          return reply
            .header('cache-control', 'no-cache')
            .code(503)
            .type('text/html; charset=utf-8')
            .send(NOT_BUILT);
        }
        // The app shell is revalidated each time; its assets are immutable.
        return sendFile(request, reply, { path: 'index.html', cache: 'no-cache' });
      };

      app.get('/', open, async (_request, reply) => reply.redirect('/console/'));
      app.get('/console', open, async (_request, reply) => reply.redirect('/console/'));
      app.get('/console/', open, async (request, reply) => index(request, reply));
      app.get<{ Params: { '*': string } }>('/console/*', open, async (request, reply) => {
        const path = request.params['*'];
        // Only the build's own files: hashed assets are immutable, anything else is the app shell.
        if (/^assets\/[\w.-]+$/.test(path)) {
          reply.headers(SECURITY_HEADERS);
          return sendFile(request, reply, {
            path,
            cache: { maxAge: 365 * 24 * 3600 * 1000, immutable: true },
          });
        }
        return index(request, reply);
      });
    },
  };
}

/** The registry entry: the console as built in this checkout. */
export const consoleRoutes: RoutePlugin = consoleStatic();
