/**
 * Installs a folder's pinned Python tools (its requirements.txt, every version fixed by its constraints.txt)
 * into a virtual environment of their own under .venv/. moto (local/moto/install.js) and the template
 * linters (lint/install.js) are installed this way.
 *
 * - Quick when nothing changed: the environment records a hash of both files and of the Python that made
 *   it, and an equal hash (with every expected program present) means there is nothing to do.
 * - When PyPI (or python3) is out of reach it exits 0 after writing the reason to
 *   .venv/<name>-unavailable.txt, which the tool's user reads to print `skipped: <reason>` instead of
 *   passing silently.
 * - When PyPI answers but the pins do not install (a yanked release, a conflict in constraints.txt), that is
 *   a broken build: it exits 1.
 */
'use strict';
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
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

/**
 * @param {object} options
 * @param {string} options.name the environment's name: .venv/<name>, and the task's name in messages.
 * @param {string} options.folder the folder that holds requirements.txt and constraints.txt.
 * @param {string[]} options.programs the programs the environment must have in its bin/ folder.
 * @param {string} options.whenUnavailable what the user of the tools does without them, for the message.
 * @param {string} options.duration how long an install takes, for the message.
 * @param {string[]} [options.pipArgs] more arguments for pip install.
 * @param {string} [options.versionCheck] Python code that prints the installed version; it must run.
 */
function installPinnedVenv(options) {
  const venv = path.join(ROOT, '.venv', options.name);
  const stampFile = path.join(venv, 'installed.json');
  const unavailableFile = path.join(ROOT, '.venv', `${options.name}-unavailable.txt`);
  const requirements = path.join(options.folder, 'requirements.txt');
  const constraints = path.join(options.folder, 'constraints.txt');
  const task = `${options.name}:install`;
  const python = path.join(venv, BIN, 'python');

  const unavailable = (reason) => {
    fs.mkdirSync(path.dirname(unavailableFile), { recursive: true });
    fs.writeFileSync(unavailableFile, `${reason}\n`);
    fs.rmSync(stampFile, { force: true });
    process.stderr.write(`${task}: not installed, so ${options.whenUnavailable}: ${reason}\n`);
    process.exit(0);
  };

  const pins = fs.readFileSync(requirements, 'utf-8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const version = run(PYTHON, ['-c', 'import sys; print(sys.version)'], 30_000);
  if (!version.ok) unavailable(`${PYTHON} does not run (${version.output})`);
  const digest = crypto.createHash('sha256')
    .update('pinned-venv 2').update(fs.readFileSync(requirements)).update(fs.readFileSync(constraints)).update(version.output)
    .digest('hex');

  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf-8'));
  } catch {
    stamp = undefined;
  }
  if (stamp?.digest === digest && options.programs.every((p) => fs.existsSync(path.join(venv, BIN, p)))) {
    fs.rmSync(unavailableFile, { force: true });
    console.log(`${task}: ${pins.join(', ')} already installed in .venv/${options.name}`);
    return;
  }

  console.log(`${task}: installing ${pins.join(', ')} into .venv/${options.name} (PyPI, ${options.duration})`);
  const made = run(PYTHON, ['-m', 'venv', '--clear', venv], 120_000);
  if (!made.ok) unavailable(`${PYTHON} -m venv failed: ${lastLines(made.output, 3)}`);
  const pip = run(python, [
    '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', ...(options.pipArgs ?? []),
    '--timeout', '20', '--retries', '2', '-r', requirements, '-c', constraints,
  ], 900_000);
  if (!pip.ok) {
    // Only an unreachable PyPI is a reason to skip; a PyPI that answers but cannot install the pins fails.
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), `${options.name}-probe-`));
    const probe = run(python, [
      '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-input', '--no-deps', '--timeout', '20',
      '--retries', '1', '--dest', probeDir, pins[0],
    ], 120_000);
    fs.rmSync(probeDir, { recursive: true, force: true });
    if (!probe.ok) {
      // pip's retries name the connection error; its last line only says that nothing was found.
      const cause = probe.output.split('\n').find((l) => /Connection|NameResolution|Max retries|timed out|unreachable/i.test(l));
      unavailable(`PyPI is out of reach (pip could not download ${pins[0]}: ${(cause ?? lastLines(probe.output, 2)).trim()})`);
    }
    process.stderr.write(`${task}: PyPI answers, but pip could not install ${pins.join(', ')}:\n${pip.output}\n`);
    process.exit(1);
  }

  let installed = pins.join(', ');
  if (options.versionCheck) {
    const check = run(python, ['-c', options.versionCheck], 120_000);
    if (!check.ok) {
      process.stderr.write(`${task}: ${pins.join(', ')} installed but does not run: ${lastLines(check.output, 3)}\n`);
      process.exit(1);
    }
    installed = check.output;
  }
  fs.writeFileSync(stampFile, `${JSON.stringify({ digest, installed, python: version.output.split('\n')[0] }, null, 2)}\n`);
  fs.rmSync(unavailableFile, { force: true });
  console.log(`${task}: ${installed} installed in .venv/${options.name}`);
}

module.exports = { installPinnedVenv };
