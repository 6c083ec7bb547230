#!/usr/bin/env node
// Builds the provider's handler bundle, the one asset that both provider functions of a stack run
// (`index.onEvent`, `index.isComplete`): a small entry file `index.js` with the dispatch kit, one file per
// service (its resource handlers and its SDK client) that the entry requires on the first request for one of
// its resource types, and the chunks of code they share (the SDK core), each once. A cold start compiles only the files its request loads: node's
// compile of the bundle (`wrapSafe`) grows with the bytes it reads, so one file of every client made every
// cold start pay for all of them.
//
// Two esbuild passes, because esbuild splits code only into ES modules:
//   1. bundle `src/provider/handler/handler-entry-points.ts`, and for each service the handler modules that
//      `src/provider/handler/resource-handlers.ts` requires, as separate entry points, with code splitting,
//      as ES modules; the entry's `require()` of a handler module stays a require of its service's output
//      file instead of pulling the handler into the entry;
//   2. turn every output file into CommonJS, so the bundle loads with `require` (Lambda's CommonJS runtime)
//      and in a `new Function` (the lifecycle runner), and its `import()` calls become plain requires.
//
//   node scripts/bundle-handler.js [OUTDIR]   (default assets/provider/handler/handler-entry-points)
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.join(__dirname, '..');
const ENTRY = 'src/provider/handler/handler-entry-points.ts';
const TABLE = 'src/provider/handler/resource-handlers.ts';
const outdir = path.resolve(root, process.argv[2] ?? 'assets/provider/handler/handler-entry-points');

// The handler modules: each `require('…')` in the handler table is loaded only for its resource type. They
// are grouped by service (the folder above `handler/`, `src/<service>/handler/…`): one file per service, so
// that a stack's asset has few files (each file staged is a copy at every synth) and a cold start loads its
// service's client and handlers, no other.
const tableFile = path.join(root, TABLE);
const handlerModules = [...fs.readFileSync(tableFile, 'utf-8').matchAll(/require\('(\.[^']+)'\)/g)]
  .map((m) => path.join(path.dirname(tableFile), m[1]));
if (handlerModules.length === 0) throw new Error(`bundle-handler: found no require('…') of a handler module in ${TABLE}`);
const serviceOf = (file) => {
  const parts = path.relative(path.join(root, 'src'), file).split(path.sep);
  if (parts.length !== 3 || parts[1] !== 'handler') throw new Error(`bundle-handler: ${file} is not a module of src/<service>/handler/`);
  return parts[0];
};
const services = [...new Set(handlerModules.map(serviceOf))];
if (services.includes('index')) throw new Error('bundle-handler: a service named index would collide with the entry file');

/**
 * The table's requires of handler modules resolve to their service's output file, loaded when called; each
 * service's entry point is a module that re-exports its handler modules.
 */
const lazyHandlers = {
  name: 'lazy-handlers',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'require-call' || path.resolve(args.importer) !== tableFile) return undefined;
      const target = path.join(args.resolveDir, args.path);
      if (!handlerModules.includes(target)) return undefined;
      return { path: `./${serviceOf(target)}.js`, external: true };
    });
    build.onResolve({ filter: /^service-entry:/ }, (args) => ({ path: args.path.slice('service-entry:'.length), namespace: 'service-entry' }));
    build.onLoad({ filter: /.*/, namespace: 'service-entry' }, (args) => ({
      contents: handlerModules.filter((file) => serviceOf(file) === args.path)
        .map((file) => `export * from ${JSON.stringify(`./${path.relative(root, file).split(path.sep).join('/')}`)};`).join('\n'),
      resolveDir: root,
      loader: 'ts',
    }));
  },
};

/** Whether a process of this machine is still running. */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function main() {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [{ in: ENTRY, out: 'index' }, ...services.map((service) => ({ in: `service-entry:${service}`, out: service }))],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // The Lambda runtime the provider's functions use (src/provider/handler-function.ts).
    target: 'node22',
    tsconfig: 'tsconfig.dev.json',
    minify: true,
    // The packages' ES-module sources, which tree-shake to a fraction of their CommonJS builds.
    mainFields: ['module', 'main'],
    legalComments: 'none',
    chunkNames: 'chunk-[hash]',
    outdir,
    write: false,
    alias: {
      // Lambda gives a function its credentials in the environment: the default chain's other links
      // (SSO, STS, ini files, instance metadata) would be most of the bundle (src/runtime/lambda-credential-provider.ts).
      '@aws-sdk/credential-provider-node': './src/runtime/lambda-credential-provider.ts',
    },
    // The SDK's browser user-agent parser, which @aws-sdk/core imports only when it runs in a browser.
    external: ['bowser'],
    plugins: [lazyHandlers],
    logLevel: 'warning',
  });
  const files = [];
  for (const file of result.outputFiles) {
    const cjs = await esbuild.transform(file.text, {
      format: 'cjs',
      platform: 'node',
      target: 'node22',
      minify: true,
      legalComments: 'none',
      // `import("node:http")` and the chunks the SDK loads on demand: plain requires.
      supported: { 'dynamic-import': false },
      logLevel: 'warning',
    });
    files.push({ name: path.relative(outdir, file.path), code: cjs.code });
  }
  // Written beside the output directory, then swapped in by renames: a synth or a test that copies or loads
  // the bundle while it is rebuilt sees the old files or the new ones, never a mix or a half-written directory.
  const staging = `${outdir}.new-${process.pid}`;
  const previous = `${outdir}.old-${process.pid}`;
  // What an interrupted build left beside it (assets/ is published, so nothing may stay there); a build
  // still running (two at once in one checkout) keeps its own.
  const parent = path.dirname(outdir);
  const leftover = new RegExp(`^${path.basename(outdir).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(new|old)-(\\d+)$`);
  for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    const pid = Number(name.match(leftover)?.[2]);
    if (pid && !running(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const { name, code } of files) fs.writeFileSync(path.join(staging, name), code);
  // Another build may swap its directory in between these renames: then move that one aside too.
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(outdir, previous);
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    try {
      fs.renameSync(staging, outdir);
      break;
    } catch (err) {
      if (!['ENOTEMPTY', 'EEXIST'].includes(err.code) || attempt >= 10) throw err;
      fs.rmSync(previous, { recursive: true, force: true });
    }
  }
  fs.rmSync(previous, { recursive: true, force: true });
  const sizes = result.outputFiles.map((f) => fs.statSync(f.path).size);
  console.log(`bundle-handler: ${path.relative(root, outdir)}: ${result.outputFiles.length} files, ` +
    `${(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KiB (index.js ${(fs.statSync(path.join(outdir, 'index.js')).size / 1024).toFixed(1)} KiB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
