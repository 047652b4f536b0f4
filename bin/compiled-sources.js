// Compiles src/ to plain JavaScript before `foedera` runs it, when the sources changed since the last compilation.
// Running through tsx's loader costs every process a second V8 isolate (tsx's hooks run on a loader thread: about
// 40 MB of resident memory per node) and a transform per module at each start. The compiled copy is keyed by a
// digest of every source file's path, size and modification time (and of the installed packages), so an edited
// source is never run stale: the next start compiles again (a few seconds). Returns undefined when compiling is
// impossible (no esbuild, read-only tree): the caller then runs the sources through tsx as before.
//
// `foedera` runs a bundle of that copy and of the packages it imports (./_bundle, split at every dynamic import so
// that what is loaded on first use stays so): V8 keeps, for each of the ~2000 modules a node would otherwise load,
// a module record, its scope and its source, which cost a node about 10 MB of heap; the bundle is minified, which
// saves about 1 MB more (functions and classes keep their names, for stack traces and logs). Each file compiled on its own stays beside it, for what is
// found by URL (workers, assets): `import.meta.url` in the bundle still names a source's own compiled file.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const CACHE = join(ROOT, 'node_modules', '.cache', 'foedera-compiled');
const DONE = '.complete';
const BUNDLE = '_bundle';
// The entries of the bundle: what bin/ runs.
const ENTRIES = ['cli/main.js', 'node/main.js'];
const UNUSED_MS = 3600 * 1000;

async function walk(dir, out) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile() && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
      out.push(path);
  }
  return out;
}

async function stampOf(files, esbuildVersion) {
  const hash = createHash('sha256').update(`${process.version}\0${esbuildVersion}\0`);
  hash.update(await readFile(join(ROOT, 'tsconfig.json')));
  hash.update(await readFile(fileURLToPath(import.meta.url)));
  // The bundle holds the installed packages too.
  hash.update(await readFile(join(ROOT, 'package-lock.json')).catch(() => ''));
  for (const file of files) {
    const info = await stat(file);
    hash.update(`${relative(SRC, file)}\0${info.size}\0${info.mtimeMs}\0`);
  }
  return hash.digest('hex').slice(0, 20);
}

// esbuild keeps import specifiers as written; Node needs the `.js` the compiled file has.
const RELATIVE_TS = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)(["'])(\.{1,2}\/[^"'\n]*?)\.ts\2/g;

async function compileInto(out, files, esbuild) {
  const tsconfig = JSON.parse(await readFile(join(ROOT, 'tsconfig.json'), 'utf8'));
  await Promise.all(
    files.map(async (file) => {
      const target = join(out, relative(SRC, file));
      await mkdir(dirname(target), { recursive: true });
      if (!file.endsWith('.ts')) return copyFile(file, target);
      const { code, map } = await esbuild.transform(await readFile(file, 'utf8'), {
        loader: 'ts',
        format: 'esm',
        target: 'node20.19',
        sourcefile: pathToFileURL(file).href,
        // A map beside each file, read only under --enable-source-maps: stack traces then name src/ again.
        sourcemap: 'external',
        sourcesContent: false,
        tsconfigRaw: { compilerOptions: tsconfig.compilerOptions },
      });
      const js = target.slice(0, -3) + '.js';
      await writeFile(`${js}.map`, map);
      await writeFile(
        js,
        `${code.replace(RELATIVE_TS, '$1$2$3.js$2')}//# sourceMappingURL=${basename(js)}.map\n`,
      );
    }),
  );
}

// Packages the bundle leaves to Node: they find files beside their own (WebAssembly, data, worker scripts) or are
// loaded only when configured (the S3 client, the PostgreSQL driver) or only to build.
const EXTERNAL = [
  '@electric-sql/pglite',
  'wabt',
  'pino',
  'pg',
  'pg-native',
  '@aws-sdk/*',
  '@smithy/*',
  'esbuild',
  'tsx',
];

// Packages required at the top of a module that uses them only in a path a node rarely or never takes: the bundle
// gives that module a stand-in that requires the package on its first use (YAML: the OpenAPI document as YAML).
const ON_FIRST_USE = ['yaml'];

const onFirstUse = {
  name: 'on-first-use',
  setup(build) {
    const filter = new RegExp(`^(${ON_FIRST_USE.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'on-first-use'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'on-first-use' },
    );
    build.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({
      contents: `let loaded; const load = () => (loaded ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
      loader: 'js',
    }));
  },
};

// CommonJS packages in an ES module bundle still call require() for Node's own modules.
const REQUIRE_BANNER =
  "import { createRequire as __foederaCreateRequire } from 'node:module'; const require = __foederaCreateRequire(import.meta.url);";

async function bundleInto(out, final, esbuild) {
  // Keeps `import.meta.url` of a compiled source its own file's URL, so that URLs relative to it still resolve
  // (`out` is renamed to `final` once complete).
  const moduleUrl = {
    name: 'module-url',
    setup(build) {
      build.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(out)) return undefined;
        const code = await readFile(args.path, 'utf8');
        return {
          contents: code.replaceAll(
            'import.meta.url',
            JSON.stringify(pathToFileURL(join(final, relative(out, args.path))).href),
          ),
          loader: 'js',
        };
      });
    },
  };
  await esbuild.build({
    entryPoints: ENTRIES.map((entry) => join(out, entry)),
    outbase: out,
    outdir: join(out, BUNDLE),
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    minify: true,
    // Functions and classes keep their names: stack traces and error names read as in the sources.
    keepNames: true,
    sourcemap: 'external',
    banner: { js: REQUIRE_BANNER },
    plugins: [moduleUrl, onFirstUse],
    logLevel: 'silent',
  });
}

async function pruneOthers(keep) {
  const now = Date.now();
  for (const name of await readdir(CACHE).catch(() => [])) {
    if (name === keep) continue;
    const path = join(CACHE, name);
    // A running process of an older version may still import lazily from its copy: keep it an hour after its use.
    const used = await stat(join(path, DONE)).catch(() => stat(path).catch(() => undefined));
    if (used !== undefined && now - used.mtimeMs > UNUSED_MS)
      await rm(path, { recursive: true, force: true });
  }
}

/** The URL of the compiled `src/<entry>.js` for the current sources, compiling them first if needed. */
export async function compiledEntry(entry) {
  if (process.env.FOEDERA_RUN_SOURCES === '1') return undefined;
  try {
    // The version is read from the manifest: esbuild itself is loaded only to compile, not by every start.
    const { version } = createRequire(import.meta.url)('esbuild/package.json');
    const files = await walk(SRC, []);
    const stamp = await stampOf(files, version);
    const out = join(CACHE, stamp);
    if (!existsSync(join(out, DONE))) {
      const partial = `${out}.${process.pid}.part`;
      await rm(partial, { recursive: true, force: true });
      const esbuild = await import('esbuild');
      try {
        await compileInto(partial, files, esbuild);
        // Sources that do not bundle (an import esbuild cannot resolve) still run, file by file.
        await bundleInto(partial, out, esbuild).catch(() =>
          rm(join(partial, BUNDLE), { recursive: true, force: true }),
        );
        await writeFile(join(partial, DONE), new Date().toISOString());
      } finally {
        // esbuild's service is a child process that would otherwise live as long as this one.
        await esbuild.stop();
      }
      try {
        await rename(partial, out);
      } catch {
        // Another process compiled the same sources at the same time: its copy is identical.
        await rm(partial, { recursive: true, force: true });
        if (!existsSync(join(out, DONE))) return undefined;
      }
      await pruneOthers(stamp).catch(() => undefined);
    } else {
      const now = new Date();
      await utimes(join(out, DONE), now, now).catch(() => undefined);
    }
    const js = entry.replace(/\.ts$/, '.js');
    const bundled = join(out, BUNDLE, js);
    return pathToFileURL(existsSync(bundled) ? bundled : join(out, js)).href;
  } catch {
    return undefined;
  }
}
