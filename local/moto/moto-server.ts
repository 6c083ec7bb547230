import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Where `npx projen moto:install` (local/moto/install.js) puts moto and says why it could not. */
const ROOT = path.resolve(__dirname, '..', '..');
const VENV = path.join(ROOT, '.venv', 'moto');
const STAMP = path.join(VENV, 'installed.json');
const UNAVAILABLE = path.join(ROOT, '.venv', 'moto-unavailable.txt');
const REQUIREMENTS = path.join(__dirname, 'requirements.txt');
const PYTHON = path.join(VENV, process.platform === 'win32' ? 'Scripts' : 'bin', 'python');

export interface RunningMoto {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Forgets every resource in every service (moto's own `POST /moto-api/reset`). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The moto version requirements.txt pins, e.g. `5.2.5`. */
export function pinnedMotoVersion(): string {
  const line = fs.readFileSync(REQUIREMENTS, 'utf-8').split('\n').find((l) => /^moto\b/.test(l.trim()));
  const match = /==\s*([^\s;]+)/.exec(line ?? '');
  if (!match) throw new Error(`${REQUIREMENTS} pins no moto version`);
  return match[1];
}

/**
 * Why moto cannot run here, or undefined when it can: the reason moto:install recorded (PyPI out of
 * reach, no python3), or that it has not run at all.
 */
export function motoUnavailable(): string | undefined {
  if (fs.existsSync(UNAVAILABLE)) return fs.readFileSync(UNAVAILABLE, 'utf-8').trim();
  if (!fs.existsSync(STAMP) || !fs.existsSync(PYTHON)) {
    return 'moto is not installed in .venv/moto: `npx projen moto:install` installs it (npm test runs it first)';
  }
  return undefined;
}

/** The moto version installed in .venv/moto, as moto:install recorded it. */
export function installedMotoVersion(): string {
  return JSON.parse(fs.readFileSync(STAMP, 'utf-8')).installed;
}

/**
 * Starts moto's server (local/moto/serve.py, moto's ThreadedMotoServer) on a free 127.0.0.1 port. It stops
 * when `stop()` closes its stdin, or when this process ends.
 */
export async function startMoto(): Promise<RunningMoto> {
  const child: ChildProcess = spawn(PYTHON, [path.join(__dirname, 'serve.py')], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    // moto reads a few settings from the environment; none of the caller's AWS settings should reach it.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += String(chunk); });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`moto did not start within 60 s: ${stderr.slice(-500)}`)), 60_000);
    child.stdout!.on('data', (chunk) => {
      stdout += String(chunk);
      const match = /listening (\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`moto exited (${code}) before it listened: ${stderr.slice(-500)}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async reset() {
      const res = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.stdin!.end();
      });
    },
  };
}
