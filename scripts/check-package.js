#!/usr/bin/env node
// Checks what `npm pack` would publish: the compiled library, the jsii assembly and the handler bundles
// in assets/, and nothing from the tests, the local emulator and runner, the examples, the benchmarks,
// the rosetta fixtures, CI or the scripts. Also checks the package.json fields Construct Hub lists.
// Prints the tarball's size and file count. Needs a compiled library and bundled assets.
//
//   node scripts/check-package.js
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: root, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'],
}));
const files = pack.files.map((f) => f.path);
const problems = [];

const required = ['.jsii', 'lib/index.js', 'lib/index.d.ts', 'README.md', 'LICENSE', 'package.json'];
for (const file of required) {
  if (!files.includes(file)) problems.push(`missing ${file}`);
}
const handlers = files.filter((f) => /^assets\/.+\/index\.js$/.test(f));
// The handler bundle is a directory: its entry index.js, and the files the entry requires (one per service, and
// their shared chunks). Every one of this checkout's, and no other (a stale chunk).
const HANDLER_BUNDLE = 'assets/provider/handler/handler-entry-points';
if (!handlers.includes(`${HANDLER_BUNDLE}/index.js`)) problems.push(`missing the handler bundle ${HANDLER_BUNDLE}/index.js`);
const bundled = fs.existsSync(path.join(root, HANDLER_BUNDLE))
  ? fs.readdirSync(path.join(root, HANDLER_BUNDLE)).map((f) => `${HANDLER_BUNDLE}/${f}`) : [];
if (bundled.length === 0) problems.push(`${HANDLER_BUNDLE} is empty or missing here: run \`npx projen bundle\``);
for (const file of bundled) {
  if (!files.includes(file)) problems.push(`missing the handler bundle's ${file}`);
}
for (const file of files.filter((f) => f.startsWith(`${path.posix.dirname(HANDLER_BUNDLE)}/`))) {
  if (!bundled.includes(file)) problems.push(`not a file of this build's handler bundle: ${file}`);
}
// The move preflight: its bin is a launcher of its bundle, which carries the SDK clients it reads with.
for (const [name, file] of Object.entries(pkg.bin ?? {})) {
  if (!files.includes(file)) problems.push(`missing the bin ${name}: ${file}`);
}
if (!handlers.includes('assets/preflight/cli/index.js')) problems.push('missing the preflight bundle assets/preflight/cli/index.js');
const forbidden = /^(test|local|examples|bench|rosetta|scripts|src|docs|\.ci|\.demo|\.pacmak|coverage|test-reports|projenrc)\//;
for (const file of files) {
  if (forbidden.test(file) || /(^|\/)(\.projenrc\.ts|tsconfig\.dev\.json|\.jsii\.tabl\.json)$/.test(file)) {
    problems.push(`must not be published: ${file}`);
  }
}

// What Construct Hub reads.
if (!pkg.description) problems.push('package.json has no description');
if (!pkg.repository?.url) problems.push('package.json has no repository');
if (!(pkg.keywords ?? []).includes('awscdk')) problems.push("package.json keywords lack 'awscdk' (Construct Hub discovery)");
if (!pkg.peerDependencies?.['aws-cdk-lib']) problems.push('package.json has no aws-cdk-lib peer dependency (CDK major version)');
if (!pkg.awscdkio) problems.push('package.json has no awscdkio metadata');
if (!pkg.stability) problems.push('package.json has no stability');

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`npm pack: ${pack.filename}, ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.entryCount} files ` +
  `(${handlers.length} handler bundles)`);
if (problems.length > 0) {
  console.error(problems.map((p) => `  ${p}`).join('\n'));
  console.error(`check-package: ${problems.length} problem(s) with the npm tarball`);
  process.exit(1);
}
console.log('check-package: the tarball carries the library, the assembly and the handler bundles, and nothing else');
