import * as fs from 'fs';
import * as path from 'path';

/** One row of a profile's summary: self time of a function, or of a module (a package, or a file of ours). */
export interface ProfileEntry {
  readonly name: string;
  readonly selfMs: number;
  readonly percent: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly byFunction: ProfileEntry[];
  readonly byModule: ProfileEntry[];
}

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: CpuProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

const ROOT = path.resolve(__dirname, '..');

/**
 * The module a frame belongs to: `aws-cdk-lib/<submodule>` or the package under node_modules, `lib/<file>`
 * for the library, `(node)` for node's internals, `(gc)`, `(program)`, `(idle)` as V8 names them.
 */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  if (url.startsWith('node:')) return '(node)';
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + 'node_modules/'.length).split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (pkg === 'aws-cdk-lib') return `aws-cdk-lib/${parts[1]}${parts[1] === 'core' ? `/${parts[parts.length - 1]}` : ''}`;
    return pkg;
  }
  return path.relative(ROOT, file);
}

/** Self time per function and per module, from a `node --cpu-prof` profile: the `top` of each. */
export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const mod = moduleOf(url, functionName);
    const fn = `${functionName || '(anonymous)'} ${url ? `${mod}:${lineNumber + 1}` : ''}`.trim();
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
    mods.set(mod, (mods.get(mod) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, ms]) => ({ name, selfMs: Math.round(ms * 10) / 10, percent: Math.round((ms / totalMs) * 1000) / 10 }));
  return { file: path.relative(ROOT, file), totalMs: Math.round(totalMs), byFunction: rank(fns), byModule: rank(mods) };
}

if (require.main === module) {
  for (const f of process.argv.slice(2)) {
    const s = summarizeProfile(f);
    console.log(`${s.file}: ${s.totalMs} ms sampled`);
    for (const e of s.byModule) console.log(`  module   ${String(e.selfMs).padStart(8)} ms ${String(e.percent).padStart(5)} %  ${e.name}`);
    for (const e of s.byFunction) console.log(`  function ${String(e.selfMs).padStart(8)} ms ${String(e.percent).padStart(5)} %  ${e.name}`);
  }
}
