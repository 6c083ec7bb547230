#!/usr/bin/env node
/**
 * Installs the pinned cfn-lint and checkov (lint/requirements.txt, every version fixed by constraints.txt)
 * into the virtual environment .venv/lint, for the independent template checks. `npx projen lint:install`;
 * `npx projen lint:templates` runs it first.
 *
 * - Quick when nothing changed: the environment records a hash of both files and of the Python that made
 *   it, and an equal hash means there is nothing to do.
 * - When PyPI (or python3) is out of reach it exits 0 after writing the reason to
 *   .venv/lint-unavailable.txt; lint/run.sh then prints `skipped: <reason>` instead of passing silently.
 */
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const VENV = path.join(ROOT, '.venv', 'lint');
const STAMP = path.join(VENV, 'installed.json');
const UNAVAILABLE = path.join(ROOT, '.venv', 'lint-unavailable.txt');
const REQUIREMENTS = path.join(__dirname, 'requirements.txt');
const CONSTRAINTS = path.join(__dirname, 'constraints.txt');
const PYTHON = process.env.PYTHON || 'python3';
const BIN = process.platform === 'win32' ? 'Scripts' : 'bin';

function run(command, args, timeoutMs) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf-8', timeout: timeoutMs });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.error) return { ok: false, output: `${command}: ${result.error.message}` };
  return { ok: result.status === 0, output };
}

function lastLines(text, n) {
  return text.split('\n').filter(Boolean).slice(-n).join(' ');
}

/** Gives up without failing: the reason goes to stderr and to the file lint/run.sh reads. */
function unavailable(reason) {
  fs.mkdirSync(path.dirname(UNAVAILABLE), { recursive: true });
  fs.writeFileSync(UNAVAILABLE, `${reason}\n`);
  fs.rmSync(STAMP, { force: true });
  process.stderr.write(`lint:install: cfn-lint and checkov are not installed: ${reason}\n`);
  process.exit(0);
}

const pins = fs.readFileSync(REQUIREMENTS, 'utf-8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const version = run(PYTHON, ['-c', 'import sys; print(sys.version)'], 30_000);
if (!version.ok) unavailable(`${PYTHON} does not run (${version.output})`);
const digest = crypto.createHash('sha256')
  .update(fs.readFileSync(REQUIREMENTS)).update(fs.readFileSync(CONSTRAINTS)).update(version.output)
  .digest('hex');

let stamp;
try {
  stamp = JSON.parse(fs.readFileSync(STAMP, 'utf-8'));
} catch {
  stamp = undefined;
}
const tools = ['cfn-lint', 'checkov'].map((tool) => path.join(VENV, BIN, tool));
if (stamp?.digest === digest && tools.every((tool) => fs.existsSync(tool))) {
  fs.rmSync(UNAVAILABLE, { force: true });
  console.log(`lint:install: ${pins.join(', ')} already installed in .venv/lint`);
  process.exit(0);
}

console.log(`lint:install: installing ${pins.join(', ')} into .venv/lint (PyPI, about a minute)`);
const venv = run(PYTHON, ['-m', 'venv', '--clear', VENV], 120_000);
if (!venv.ok) unavailable(`${PYTHON} -m venv failed: ${lastLines(venv.output, 3)}`);
// --no-compile: byte-compiling every module of checkov's tree (botocore, boto3, its many parsers) took half
// of the install's CPU time; the few modules the checks import compile on their first run instead.
const pip = run(path.join(VENV, BIN, 'python'), [
  '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--no-compile', '--timeout', '20',
  '--retries', '2', '-r', REQUIREMENTS, '-c', CONSTRAINTS,
], 900_000);
if (!pip.ok) {
  // Only an unreachable PyPI is a reason to skip the checks; a PyPI that answers but cannot install the pins
  // (a yanked release, a conflict in constraints.txt) is a broken build.
  const probeDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'lint-probe-'));
  const probe = run(path.join(VENV, BIN, 'python'), [
    '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-input', '--no-deps', '--timeout', '20',
    '--retries', '1', '--dest', probeDir, pins[0],
  ], 120_000);
  fs.rmSync(probeDir, { recursive: true, force: true });
  if (!probe.ok) {
    // pip's retries name the connection error; its last line only says that nothing was found.
    const cause = probe.output.split('\n').find((l) => /Connection|NameResolution|Max retries|timed out|unreachable/i.test(l));
    unavailable(`PyPI is out of reach (pip could not download ${pins[0]}: ${(cause ?? lastLines(probe.output, 2)).trim()})`);
  }
  process.stderr.write(`lint:install: PyPI answers, but pip could not install ${pins.join(', ')}:\n${pip.output}\n`);
  process.exit(1);
}
const installed = tools.map((tool) => run(tool, ['--version'], 120_000));
const broken = installed.findIndex((r) => !r.ok);
if (broken >= 0) unavailable(`${path.basename(tools[broken])} was installed but does not run: ${lastLines(installed[broken].output, 2)}`);

// checkov prints its bare version number; cfn-lint prints its name before it.
const versions = installed.map((r, i) => {
  const line = lastLines(r.output, 1);
  const name = path.basename(tools[i]);
  return line.startsWith(name) ? line : `${name} ${line}`;
});
fs.writeFileSync(STAMP, `${JSON.stringify({ digest, versions, python: version.output.split('\n')[0] }, null, 2)}\n`);
fs.rmSync(UNAVAILABLE, { force: true });
console.log(`lint:install: ${versions.join(', ')} installed in .venv/lint`);
