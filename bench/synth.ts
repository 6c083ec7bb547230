import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { App } from 'aws-cdk-lib';
import { buildBaselineApp } from './baseline-app';
import { policySizes } from './deployed-size';
import { buildMixedApp, CONSTRUCT_TYPES, ConstructType } from './mixed-app';
import { elapsedMs, median, round } from './stats';

export interface SynthShape {
  readonly templateBytes: number;
  readonly resources: number;
  readonly largestPolicyChars: number;
  readonly largestRoleInlineChars: number;
  readonly largestRole: string;
  readonly resourceTypes: Record<string, number>;
}

export interface SynthRow {
  readonly n: number;
  readonly libraryMs: number;
  readonly baselineMs: number;
  /** The goal's ratio: library against the bare Provider. */
  readonly ratio: number;
  /** A bare Provider that also has an isComplete function (the framework's waiter), for reference. */
  readonly waitingBaselineMs: number;
  readonly ratioToWaiting: number;
  readonly library: SynthShape;
  readonly baseline: SynthShape;
  /** Library resources less N: the fixed overhead. */
  readonly libraryFixedResources: number;
  readonly baselineFixedResources: number;
  readonly librarySamplesMs: number[];
  readonly baselineSamplesMs: number[];
  readonly waitingBaselineSamplesMs: number[];
}

export interface SynthResult {
  readonly rows: SynthRow[];
  /** Fixed resources (resources less N) of a stack of 10 constructs of one type, by type, and of all types mixed. */
  readonly fixedResourcesByTypes: Record<string, number>;
  /** Extra resources per added construct between consecutive N, library and baseline. */
  readonly resourcesPerConstruct: number[];
  /**
   * What one more construct costs against one more plain CustomResource: the slope of synth time between
   * the two largest N, library over baseline. The fixed costs (the provider) cancel out.
   */
  readonly marginalRatio: number;
  readonly repeats: number;
}

function synthOnce(build: (outdir: string) => App): { ms: number; template: any; bytes: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  try {
    const start = process.hrtime.bigint();
    const assembly = build(outdir).synth();
    const ms = elapsedMs(start);
    const file = path.join(assembly.directory, assembly.getStackByName('Bench').templateFile);
    const text = fs.readFileSync(file, 'utf8');
    return { ms, template: JSON.parse(text), bytes: Buffer.byteLength(JSON.stringify(JSON.parse(text))) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function shape(template: any, bytes: number): SynthShape {
  const resources = Object.values(template.Resources ?? {}) as Array<{ Type: string }>;
  const types: Record<string, number> = {};
  for (const r of resources) types[r.Type] = (types[r.Type] ?? 0) + 1;
  const sizes = policySizes(template);
  return {
    templateBytes: bytes,
    resources: resources.length,
    largestPolicyChars: sizes.largestPolicy,
    largestRoleInlineChars: sizes.largestRoleInline,
    largestRole: sizes.largestRoleId,
    resourceTypes: types,
  };
}

/**
 * Synth time, template size, resource count and the deployed size of the largest IAM policy for stacks
 * of N mixed constructs and for the baseline, interleaved (library, baseline, baseline, library, ...)
 * after a warm-up, so that both see the same machine.
 */
export function runSynthBench(sizes: number[], repeats: number, log: (line: string) => void): SynthResult {
  log('synth: warming up');
  synthOnce((o) => buildMixedApp(o, { count: 10 }));
  synthOnce((o) => buildBaselineApp(o, 10));
  synthOnce((o) => buildBaselineApp(o, 10, undefined, { waits: true }));

  const samples = new Map<number, { lib: number[]; base: number[]; wait: number[]; libShape?: SynthShape; baseShape?: SynthShape }>();
  for (const n of sizes) samples.set(n, { lib: [], base: [], wait: [] });
  for (let r = 0; r < repeats; r++) {
    for (const n of sizes) {
      const s = samples.get(n)!;
      const order = r % 2 === 0 ? ['lib', 'base', 'wait'] : ['wait', 'base', 'lib'];
      for (const which of order) {
        if (which === 'lib') {
          const out = synthOnce((o) => buildMixedApp(o, { count: n }));
          s.lib.push(out.ms);
          s.libShape ??= shape(out.template, out.bytes);
        } else if (which === 'base') {
          const out = synthOnce((o) => buildBaselineApp(o, n));
          s.base.push(out.ms);
          s.baseShape ??= shape(out.template, out.bytes);
        } else {
          s.wait.push(synthOnce((o) => buildBaselineApp(o, n, undefined, { waits: true })).ms);
        }
      }
    }
    log(`synth: round ${r + 1}/${repeats} done`);
  }

  const rows: SynthRow[] = sizes.map((n) => {
    const s = samples.get(n)!;
    const libraryMs = median(s.lib);
    const baselineMs = median(s.base);
    const waitingBaselineMs = median(s.wait);
    return {
      n,
      libraryMs: round(libraryMs, 1),
      baselineMs: round(baselineMs, 1),
      ratio: round(libraryMs / baselineMs, 3),
      waitingBaselineMs: round(waitingBaselineMs, 1),
      ratioToWaiting: round(libraryMs / waitingBaselineMs, 3),
      library: s.libShape!,
      baseline: s.baseShape!,
      libraryFixedResources: s.libShape!.resources - n,
      baselineFixedResources: s.baseShape!.resources - n,
      librarySamplesMs: s.lib.map((x) => round(x, 1)),
      baselineSamplesMs: s.base.map((x) => round(x, 1)),
      waitingBaselineSamplesMs: s.wait.map((x) => round(x, 1)),
    };
  });

  const fixedResourcesByTypes: Record<string, number> = {};
  for (const type of CONSTRUCT_TYPES) {
    const out = synthOnce((o) => buildMixedApp(o, { count: 10, types: [type as ConstructType] }));
    fixedResourcesByTypes[type] = Object.keys(out.template.Resources).length - 10;
  }
  fixedResourcesByTypes.mixed = rows.find((r) => r.n === 10)?.libraryFixedResources ?? NaN;
  const resourcesPerConstruct = rows.slice(1).map((row, i) =>
    (row.library.resources - rows[i].library.resources) / (row.n - rows[i].n));
  const [small, large] = rows.slice(-2);
  const marginalRatio = round((large.libraryMs - small.libraryMs) / (large.baselineMs - small.baselineMs), 3);
  return { rows, fixedResourcesByTypes, resourcesPerConstruct, marginalRatio, repeats };
}
