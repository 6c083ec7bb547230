#!/usr/bin/env node
/**
 * Installs moto (local/moto/requirements.txt, every version fixed by constraints.txt) into the virtual
 * environment .venv/moto, for the cross-check test. `npx projen moto:install`; `npm test` runs it first.
 *
 * - Quick when nothing changed: the environment records a hash of both files and of the Python that made
 *   it, and an equal hash means there is nothing to do.
 * - Never fails the build when PyPI (or python3) is out of reach: it says why on stderr, writes the reason
 *   to .venv/moto-unavailable.txt, and exits 0. The cross-check test then skips itself and prints that
 *   reason; it is never deleted for it.
 */
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const VENV = path.join(ROOT, '.venv', 'moto');
const STAMP = path.join(VENV, 'installed.json');
const UNAVAILABLE = path.join(ROOT, '.venv', 'moto-unavailable.txt');
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

/** Gives up without failing the build: the reason goes to stderr and to the file the test reads. */
function unavailable(reason) {
  fs.mkdirSync(path.dirname(UNAVAILABLE), { recursive: true });
  fs.writeFileSync(UNAVAILABLE, `${reason}\n`);
  fs.rmSync(STAMP, { force: true });
  process.stderr.write(`moto:install: moto is not installed, so the moto cross-check test will be skipped: ${reason}\n`);
  process.exit(0);
}

const pin = fs.readFileSync(REQUIREMENTS, 'utf-8').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
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
if (stamp?.digest === digest && fs.existsSync(path.join(VENV, BIN, 'moto_server'))) {
  fs.rmSync(UNAVAILABLE, { force: true });
  console.log(`moto:install: ${pin} is already installed in .venv/moto`);
  process.exit(0);
}

console.log(`moto:install: installing ${pin} into .venv/moto (PyPI, about 30 s)`);
const venv = run(PYTHON, ['-m', 'venv', '--clear', VENV], 120_000);
if (!venv.ok) unavailable(`${PYTHON} -m venv failed: ${venv.output.split('\n').slice(-3).join(' ')}`);
const pip = run(path.join(VENV, BIN, 'python'), [
  '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--timeout', '20', '--retries', '2',
  '-r', REQUIREMENTS, '-c', CONSTRAINTS,
], 600_000);
if (!pip.ok) unavailable(`pip could not install ${pin} from PyPI: ${pip.output.split('\n').filter(Boolean).slice(-3).join(' ')}`);
const installed = run(path.join(VENV, BIN, 'python'), ['-c', 'import moto; print(moto.__version__)'], 60_000);
if (!installed.ok) unavailable(`moto was installed but does not import: ${installed.output.split('\n').slice(-2).join(' ')}`);

fs.writeFileSync(STAMP, `${JSON.stringify({ digest, moto: installed.output, python: version.output.split('\n')[0] }, null, 2)}\n`);
fs.rmSync(UNAVAILABLE, { force: true });
console.log(`moto:install: moto ${installed.output} installed in .venv/moto`);
