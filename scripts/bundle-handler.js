#!/usr/bin/env node
// Builds the provider's handler bundle, the one asset that both provider functions of a stack run
// (`index.onEvent`, `index.isComplete`): a small entry file `index.js` with the dispatch kit, one file per
// resource handler that the entry requires on first use, and the chunks of code they share (the SDK core,
// each service's client), each file once. A cold start compiles only the files its request loads: node's
// compile of the bundle (`wrapSafe`) grows with the bytes it reads, so one file of every client made every
// cold start pay for all of them.
//
// Two esbuild passes, because esbuild splits code only into ES modules:
//   1. bundle `src/provider/handler/handler-entry-points.ts` and every handler module that
//      `src/provider/handler/resource-handlers.ts` requires, as separate entry points, with code splitting,
//      as ES modules; the entry's `require()` of a handler module stays a require of that handler's output
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

// The handler modules: each `require('…')` in the handler table is loaded only for its resource type.
const handlerModules = [...fs.readFileSync(path.join(root, TABLE), 'utf-8').matchAll(/require\('(\.[^']+)'\)/g)]
  .map((m) => path.join(path.dirname(path.join(root, TABLE)), m[1]));
if (handlerModules.length === 0) throw new Error(`bundle-handler: found no require('…') of a handler module in ${TABLE}`);
const entryName = (file) => path.basename(file);
const names = handlerModules.map(entryName);
if (new Set(names).size !== names.length || names.includes('index')) throw new Error(`bundle-handler: handler module names collide: ${names.join(', ')}`);

/** The table's requires of handler modules resolve to the handlers' own output files, loaded when called. */
const lazyHandlers = {
  name: 'lazy-handlers',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'require-call' || path.resolve(args.importer) !== path.join(root, TABLE)) return undefined;
      const target = path.join(args.resolveDir, args.path);
      if (!handlerModules.includes(target)) return undefined;
      return { path: `./${entryName(target)}.js`, external: true };
    });
  },
};

async function main() {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [{ in: ENTRY, out: 'index' }, ...handlerModules.map((file) => ({ in: `${file}.ts`, out: entryName(file) }))],
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
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
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
    fs.writeFileSync(file.path, cjs.code);
  }
  const sizes = result.outputFiles.map((f) => fs.statSync(f.path).size);
  console.log(`bundle-handler: ${path.relative(root, outdir)}: ${result.outputFiles.length} files, ` +
    `${(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KiB (index.js ${(fs.statSync(path.join(outdir, 'index.js')).size / 1024).toFixed(1)} KiB)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
