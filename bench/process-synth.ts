import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { transformSync } from 'esbuild';
import { median, round } from './stats';

const ROOT = path.resolve(__dirname, '..');
/** Where the apps a child runs are written (git-ignored). */
const APP_DIR = path.join(ROOT, 'bench', 'out', 'process-synth');
const LIB_INDEX = path.join(ROOT, 'lib', 'index.js');

/** What one child synthesizes: the library's mixed app, the waiting baseline, or the bare Provider. */
export type AppKind = 'library' | 'waiting' | 'bare';
export const APP_KINDS: readonly AppKind[] = ['library', 'waiting', 'bare'];

export interface ProcessSample {
  /** Spawn to exit, as the parent sees it: what a user running `node app.js` (or `cdk synth`'s app step) waits. */
  readonly wallMs: number;
  /** Inside the child: process start to the cloud assembly written (performance.now()). */
  readonly childMs: number;
  /** Inside the child: the `require` of the app module (the library, or aws-cdk-lib for the baselines). */
  readonly requireMs: number;
}

export interface ProcessSynthRow {
  readonly n: number;
  /** Median wall ms by kind. */
  readonly wallMs: Record<AppKind, number>;
  readonly requireMs: Record<AppKind, number>;
  /** Lowest and highest wall ms by kind: the spread. */
  readonly spreadMs: Record<AppKind, [number, number]>;
  /** The goal's ratio: library over the waiting baseline. */
  readonly ratioToWaiting: number;
  readonly ratioToBare: number;
  readonly samples: Record<AppKind, ProcessSample[]>;
}

export interface ProcessSynthResult {
  readonly rows: ProcessSynthRow[];
  readonly repeats: number;
  /** Set when lib/ is older than a file under src/: the figures are of the library as last compiled. */
  readonly staleLib?: string;
}

/** The newest .ts file under src/ that is newer than lib/index.js, if any. */
export function staleLibrary(): string | undefined {
  if (!fs.existsSync(LIB_INDEX)) return 'lib/index.js does not exist';
  const built = fs.statSync(LIB_INDEX).mtimeMs;
  const walk = (dir: string): string | undefined => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        const found = walk(p);
        if (found) return found;
      } else if (e.name.endsWith('.ts') && fs.statSync(p).mtimeMs > built) {
        return path.relative(ROOT, p);
      }
    }
    return undefined;
  };
  const newer = walk(path.join(ROOT, 'src'));
  return newer ? `${newer} is newer than lib/ (run npx projen compile)` : undefined;
}

/**
 * The apps a child runs, as a user's compiled app would be: `bench/mixed-app.ts` and `bench/baseline-app.ts`
 * turned into CommonJS by esbuild (types stripped, nothing bundled), the library's import pointed at the
 * compiled `lib/`, and a small `app.js` that builds one app and synthesizes it to a cloud assembly on disk.
 */
export function writeApps(): string {
  fs.mkdirSync(APP_DIR, { recursive: true });
  const lib = path.relative(APP_DIR, path.join(ROOT, 'lib')).split(path.sep).join('/');
  for (const name of ['mixed-app', 'baseline-app']) {
    const source = fs.readFileSync(path.join(ROOT, 'bench', `${name}.ts`), 'utf8');
    let code = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: `${name}.ts` }).code;
    code = code.replace(/require\("\.\.\/src"\)/g, `require(${JSON.stringify(lib)})`);
    if (/require\("\.\.?\//.test(code.split(`require(${JSON.stringify(lib)})`).join(''))) {
      throw new Error(`bench/${name}.ts imports a relative module other than ../src; the whole-process synth cannot run it`);
    }
    fs.writeFileSync(path.join(APP_DIR, `${name}.js`), code);
  }
  fs.writeFileSync(path.join(APP_DIR, 'app.js'), `'use strict';
// node app.js <library|waiting|bare> <N> <outdir>: one app, synthesized to a cloud assembly in outdir.
const [kind, n, outdir] = process.argv.slice(2);
const t0 = performance.now();
const build = kind === 'library' ? require('./mixed-app.js').buildMixedApp : require('./baseline-app.js').buildBaselineApp;
const t1 = performance.now();
const app = kind === 'library'
  ? build(outdir, { count: Number(n) })
  : build(outdir, Number(n), undefined, { waits: kind === 'waiting' });
const assembly = app.synth();
if (!assembly.getStackByName('Bench').templateFile) throw new Error('no template');
process.stdout.write('\\nBENCH ' + JSON.stringify({ requireMs: t1 - t0, childMs: performance.now() }) + '\\n');
`);
  return APP_DIR;
}

/** One fresh node process that synthesizes one app; `extraArgs` go to node (e.g. --cpu-prof). */
export function runApp(kind: AppKind, n: number, extraArgs: string[] = []): ProcessSample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-process-synth-'));
  try {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [...extraArgs, path.join(APP_DIR, 'app.js'), kind, String(n), outdir], {
      cwd: APP_DIR, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0) throw new Error(`whole-process synth of ${kind} N=${n} failed (${child.status}): ${String(child.stderr).slice(0, 800)}`);
    const line = String(child.stdout).split('\n').reverse().find((l) => l.startsWith('BENCH '));
    if (!line) throw new Error(`whole-process synth of ${kind} N=${n} printed no timings`);
    const t = JSON.parse(line.slice('BENCH '.length));
    return { wallMs, childMs: t.childMs, requireMs: t.requireMs };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Whole-process synth: for each N, a fresh `node app.js` per sample for the library's mixed app, the waiting
 * baseline and the bare Provider, interleaved (the order rotates every round) after one warm-up of each.
 */
export function runProcessSynthBench(sizes: number[], repeats: number, log: (line: string) => void): ProcessSynthResult {
  const staleLib = staleLibrary();
  if (staleLib) log(`process synth: WARNING ${staleLib}`);
  writeApps();
  for (const kind of APP_KINDS) runApp(kind, 1);
  const samples = new Map<number, Record<AppKind, ProcessSample[]>>();
  for (const n of sizes) samples.set(n, { library: [], waiting: [], bare: [] });
  for (let r = 0; r < repeats; r++) {
    for (const n of sizes) {
      const order = APP_KINDS.map((_, i) => APP_KINDS[(i + r) % APP_KINDS.length]);
      for (const kind of order) samples.get(n)![kind].push(runApp(kind, n));
    }
    log(`process synth: round ${r + 1}/${repeats} done`);
  }
  const rows = sizes.map((n): ProcessSynthRow => {
    const s = samples.get(n)!;
    const by = <T>(f: (xs: ProcessSample[]) => T) => Object.fromEntries(APP_KINDS.map((k) => [k, f(s[k])])) as Record<AppKind, T>;
    const wallMs = by((xs) => round(median(xs.map((x) => x.wallMs)), 1));
    return {
      n,
      wallMs,
      requireMs: by((xs) => round(median(xs.map((x) => x.requireMs)), 1)),
      spreadMs: by((xs) => [round(Math.min(...xs.map((x) => x.wallMs)), 1), round(Math.max(...xs.map((x) => x.wallMs)), 1)]),
      ratioToWaiting: round(wallMs.library / wallMs.waiting, 3),
      ratioToBare: round(wallMs.library / wallMs.bare, 3),
      samples: by((xs) => xs.map((x) => ({ wallMs: round(x.wallMs, 1), childMs: round(x.childMs, 1), requireMs: round(x.requireMs, 1) }))),
    };
  });
  return { rows, repeats, ...(staleLib ? { staleLib } : {}) };
}
