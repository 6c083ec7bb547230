#!/usr/bin/env node
// Checks the jar that `npx projen package:java` builds into dist/java, as check-package.js checks the npm
// tarball: the Java bindings of every construct, and the jsii assembly tarball that jsii-runtime loads at run
// time, which must carry the compiled library and the handler bundle and nothing from the tests, the local
// emulator and runner, the examples, the benchmarks, the rosetta fixtures, CI or the scripts.
// Prints the jar's size and file count, and the embedded tarball's. Reads the jar with the JDK's `jar` tool
// (there wherever the jar was built) and the tarball with tar.
//
//   node scripts/check-jar.js             the jar in dist/java
//   node scripts/check-jar.js JAR         another build of it
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const assembly = JSON.parse(fs.readFileSync(path.join(root, '.jsii'), 'utf-8'));
const { groupId, artifactId } = assembly.targets.java.maven;
const javaPackage = assembly.targets.java.package;
const dir = path.join(root, 'dist', 'java', ...groupId.split('.'), artifactId, pkg.version);
const jarPath = process.argv[2] ? path.resolve(process.argv[2]) : path.join(dir, `${artifactId}-${pkg.version}.jar`);
if (!fs.existsSync(jarPath)) {
  console.error(`check-jar: ${path.relative(root, jarPath)} does not exist: run 'npx projen compile' and 'npx projen package:java'`);
  process.exit(1);
}

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
const entries = run('jar', ['tf', jarPath]).split('\n').filter((e) => e !== '');
const files = entries.filter((e) => !e.endsWith('/'));
const problems = [];

// The Java bindings: one class per construct (and every other public type).
const packageDir = javaPackage.replace(/\./g, '/');
const classes = new Set(files.filter((f) => f.endsWith('.class')).map((f) => f.slice(0, -'.class'.length)));
// Types of submodules or nested in a class live elsewhere; every top-level type is a class of the package.
const publicTypes = Object.values(assembly.types).filter((t) => t.fqn === `${assembly.name}.${t.name}`);
for (const type of publicTypes) {
  if (!classes.has(`${packageDir}/${type.name}`)) problems.push(`missing the Java binding ${packageDir}/${type.name}.class`);
}
// Anything else than the bindings, the assembly tarball and Maven's own metadata does not belong in the jar.
const tarballEntry = `${packageDir}/${pkg.name}@${pkg.version}.jsii.tgz`;
for (const file of files) {
  const expected = file === tarballEntry || file === `${packageDir}/$Module.txt` || file.startsWith('META-INF/') ||
    file.startsWith(`${packageDir}/`) && file.endsWith('.class');
  if (!expected) problems.push(`unexpected in the jar: ${file}`);
}

let tarballFiles = [];
let tarballSize = 0;
if (!files.includes(tarballEntry)) {
  problems.push(`missing the jsii assembly tarball ${tarballEntry}`);
} else {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'check-jar-'));
  try {
    run('jar', ['xf', jarPath, tarballEntry], scratch);
    const tarball = path.join(scratch, tarballEntry);
    tarballSize = fs.statSync(tarball).size;
    // npm pack puts every file under package/.
    tarballFiles = run('tar', ['-tzf', tarball]).split('\n')
      .filter((e) => e !== '' && !e.endsWith('/'))
      .map((e) => e.replace(/^package\//, ''));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  // Every bundle that `npx projen bundle` writes: the preflight's esbuild --outfile, and every file of the
  // handler bundle's directory (its entry index.js, one file per service, their shared chunks).
  const tasks = require(path.join(root, '.projen', 'tasks.json')).tasks;
  const outfiles = Object.values(tasks).filter((t) => t.name.startsWith('bundle:'))
    .flatMap((t) => (t.steps ?? []).flatMap((s) => s.execArgs ?? []))
    .filter((a) => a.startsWith('--outfile=')).map((a) => a.slice('--outfile='.length));
  const handlerBundle = Object.values(tasks).filter((t) => t.name.startsWith('bundle:'))
    .flatMap((t) => (t.steps ?? []).map((s) => s.exec ?? ''))
    .map((e) => e.match(/^node scripts\/bundle-handler\.js (\S+)$/)?.[1]).find((d) => d !== undefined);
  if (!handlerBundle || !/^assets\/provider\/.*handler-entry-points$/.test(handlerBundle)) {
    problems.push('no bundle task writes the provider handler bundle (node scripts/bundle-handler.js assets/provider/.../handler-entry-points)');
  }
  const handlerFiles = handlerBundle && fs.existsSync(path.join(root, handlerBundle))
    ? fs.readdirSync(path.join(root, handlerBundle)).map((f) => `${handlerBundle}/${f}`) : [];
  if (handlerBundle && !handlerFiles.includes(`${handlerBundle}/index.js`)) {
    problems.push(`this checkout has no ${handlerBundle}/index.js to compare with: run 'npx projen bundle'`);
  }
  const bundles = [...outfiles, ...handlerFiles];
  for (const file of ['.jsii', 'lib/index.js', 'package.json', ...bundles]) {
    if (!tarballFiles.includes(file)) problems.push(`the embedded tarball lacks ${file}`);
  }
  for (const file of tarballFiles.filter((f) => handlerBundle && f.startsWith(`${handlerBundle}/`))) {
    if (!handlerFiles.includes(file)) problems.push(`the embedded tarball's ${file} is not a file of this build's handler bundle`);
  }
  const forbidden = /^(test|local|examples|bench|rosetta|scripts|src|docs|dist|\.ci|\.demo|\.pacmak|\.venv|coverage|test-reports|projenrc)\//;
  for (const file of tarballFiles) {
    if (forbidden.test(file) || /(^|\/)(\.projenrc\.ts|tsconfig\.dev\.json|\.jsii\.tabl\.json)$/.test(file)) {
      problems.push(`must not be in the embedded tarball: ${file}`);
    }
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`jar: ${path.relative(root, jarPath)}, ${kb(fs.statSync(jarPath).size)}, ${files.length} files ` +
  `(${classes.size} classes); embedded ${path.basename(tarballEntry)}: ${kb(tarballSize)}, ${tarballFiles.length} files`);
if (problems.length > 0) {
  console.error(problems.map((p) => `  ${p}`).join('\n'));
  console.error(`check-jar: ${problems.length} problem(s) with the jar`);
  process.exit(1);
}
console.log('check-jar: the jar carries the Java bindings and the assembly with the handler bundle, and nothing else');
