import * as fs from 'fs';
import * as path from 'path';
import { APP_KINDS, runApp, writeApps } from './process-synth';
import { ProfileSummary, summarizeProfile } from './profile-summary';

const ROOT = path.resolve(__dirname, '..');
/** Where the .cpuprofile files are kept (git-ignored), to open in Chrome DevTools or speedscope. */
export const PROFILE_DIR = path.join(ROOT, 'bench', 'out', 'profiles');

export interface ProfileResult {
  /** By figure: `process-synth N=400 library`, ... */
  readonly profiles: Record<string, ProfileSummary>;
}

const dirOf = (name: string) => path.join(PROFILE_DIR, name.replace(/[^A-Za-z0-9=-]+/g, '-'));

/** The node arguments that make a child write its profile for figure `name` (an empty directory of its own). */
export function profileArgs(name: string): string[] {
  const dir = dirOf(name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval', '250'];
}

/** The summary of the profile a child wrote for figure `name`. */
export function readProfile(name: string): ProfileSummary {
  const dir = dirOf(name);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written for ${name}`);
  return summarizeProfile(path.join(dir, file));
}

/** Profile one fresh process with `node --cpu-prof`; the summary of the profile it wrote. */
function profiled(name: string, run: (nodeArgs: string[]) => void): ProfileSummary {
  run(profileArgs(name));
  const dir = dirOf(name);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written for ${name}`);
  return summarizeProfile(path.join(dir, file));
}

/**
 * A profile per synth figure: the whole-process synth of each app at N=400 and N=1 (the in-process synth
 * is the part of that process after the require, so its profile is the same one read without the module
 * loading). The cold-start profiles are written by the weight bench's children (see weight.ts).
 */
export function runProfiles(log: (line: string) => void): ProfileResult {
  writeApps();
  const profiles: Record<string, ProfileSummary> = {};
  for (const n of [400, 1]) {
    for (const kind of APP_KINDS.filter((k) => k !== 'bare')) {
      const name = `process-synth N=${n} ${kind}`;
      profiles[name] = profiled(name, (args) => runApp(kind, n, args));
      log(`profile: ${name} done`);
    }
  }
  return { profiles };
}
