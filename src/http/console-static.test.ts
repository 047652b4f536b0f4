import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { NodeContext } from '../node/context.ts';
import { consoleStatic } from './console-static.ts';
import { installProblemHandling } from './problem-handler.ts';
import { reasonTable } from './reason-status.ts';

async function serve(dist: string): Promise<FastifyInstance> {
  const app = Fastify();
  installProblemHandling(app, reasonTable([]));
  await app.register(await consoleStatic({ dist }).create({} as NodeContext));
  return app;
}

test('the console is served from its build: the shell revalidated, hashed assets immutable, others 404', async () => {
  const dist = await mkdtemp(join(tmpdir(), 'console-static-'));
  try {
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Foedera</title>');
    await writeFile(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
    const app = await serve(dist);

    const root = await app.inject('/');
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, '/console/');

    const shell = await app.inject('/console/');
    assert.equal(shell.statusCode, 200);
    assert.equal(shell.body, '<!doctype html><title>Foedera</title>');
    assert.match(String(shell.headers['content-type']), /^text\/html/);
    assert.equal(shell.headers['cache-control'], 'no-cache');
    assert.match(String(shell.headers['content-security-policy']), /frame-ancestors 'none'/);

    const deepLink = await app.inject('/console/lineage/some-dataset');
    assert.equal(deepLink.statusCode, 200);
    assert.equal(deepLink.body, shell.body);

    const asset = await app.inject('/console/assets/app-1a2b.js');
    assert.equal(asset.statusCode, 200);
    assert.equal(asset.body, 'console.log(1)');
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(asset.headers['x-content-type-options'], 'nosniff');

    const again = await app.inject({
      url: '/console/assets/app-1a2b.js',
      headers: { 'if-none-match': String(asset.headers.etag) },
    });
    assert.equal(again.statusCode, 304);

    const missing = await app.inject('/console/assets/gone-0000.js');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json<{ code: string }>().code, 'not-found');
    await app.close();
  } finally {
    await rm(dist, { recursive: true, force: true });
  }
});

test('a console that is not built answers 503 with how to build it', async () => {
  const dist = await mkdtemp(join(tmpdir(), 'console-static-'));
  try {
    const app = await serve(dist);
    const shell = await app.inject('/console/');
    assert.equal(shell.statusCode, 503);
    assert.match(shell.body, /npm run build:web/);
    await app.close();
  } finally {
    await rm(dist, { recursive: true, force: true });
  }
});
