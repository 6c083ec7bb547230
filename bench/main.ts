/**
 * `npm run bench`: what the library costs, side by side with the cheapest alternative, measured in one
 * run on this machine. Prints a table and writes bench/results.json. Not a test: nothing here fails a
 * build; the goals are printed as met or not met.
 *
 * Options: `--quick` (fewer repeats, for a smoke run), `--only synth,process,weight,lifecycle,scale,partner,profile`.
 * Profiles (`node --cpu-prof`, one per figure) are written to bench/out/profiles/ and summarized.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startBenchEmulator } from './bench-emulator';
import { runLifecycleBench } from './lifecycle';
import { runPartnerScaleBench } from './partner-scale';
import { runProcessSynthBench } from './process-synth';
import type { ProfileSummary } from './profile-summary';
import { profileArgs, readProfile, runProfiles } from './profiles';
import { runScaleBench, SCALE_OPERATION_COLUMNS, scaleOperationRows } from './scale';
import { runSynthBench } from './synth';
import { profileColdStarts, runWeightBench } from './weight';

const IAM_INLINE_LIMIT = 10_240;
const SYNTH_SIZES = [1, 10, 100, 400];
const PROCESS_SIZES = [1, 100, 400];
/** The issue's goals (issue 16), each a ratio measured in the same run. */
const GOALS = { processSynth: 1.1, inProcessSynth: 1.2, coldStart: 1.3, scaleFloor: 1.3 };

interface Goal {
  readonly goal: string;
  readonly met: boolean;
  readonly figures: string;
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only'));
  const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : undefined;
  const want = (s: string) => !only || only.includes(s);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  const results: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.arch()}` },
    command: 'npm run bench',
  };
  const goals: Goal[] = [];
  const out: string[] = [];

  const needsEmulator = want('weight') || want('lifecycle') || want('scale') || want('partner') || want('profile');
  const profiles: Record<string, ProfileSummary> = {};
  const bench = needsEmulator ? await startBenchEmulator(20) : undefined;
  try {
    if (want('weight') && bench) {
      const weight = await runWeightBench(bench, quick ? 3 : 7, log);
      results.weight = weight;
      out.push('## 2. Handler weight (fresh node process per sample; ms from process start to the answer, medians)\n');
      out.push(table(['bundle', 'raw', 'gzipped'], Object.entries(weight.bundles).map(([k, v]) => [k, kb(v.rawBytes), kb(v.gzipBytes)])));
      out.push('');
      out.push(table(['cold start', 'median ms', 'require ms', 'wall ms', 'vs baseline'], [
        ['baseline: @aws-sdk/client-direct-connect, one call', weight.baseline.medianMs, weight.baseline.requireMs, weight.baseline.wallMs, '1.00'],
        ...Object.entries(weight.onEventCreate).map(([k, v]) => [`onEvent bundle, Create ${k}`, v.medianMs, v.requireMs, v.wallMs, (v.medianMs / weight.baseline.medianMs).toFixed(2)]),
      ]));
      out.push('');
      const colds = Object.entries(weight.onEventCreate).map(([k, v]) => ({ k, ratio: v.medianMs / weight.baseline.medianMs }));
      const worstCold = colds.reduce((a, b) => (b.ratio > a.ratio ? b : a));
      goals.push({
        goal: `cold start <= ${GOALS.coldStart}x one bare client call, every construct type`,
        met: colds.every((c) => c.ratio <= GOALS.coldStart),
        figures: `worst ${worstCold.k} ${worstCold.ratio.toFixed(2)}x; ${colds.map((c) => `${c.k.replace(/Association|Connection$/, '')} ${c.ratio.toFixed(2)}`).join(', ')} (baseline ${weight.baseline.medianMs} ms)`,
      });
    }

    if (want('profile') && bench) {
      for (const type of ['HostedConnectionAssociation', 'VirtualInterfaceAssociation', 'InterconnectConnection', 'ConnectPeerAssociation', 'SidewalkAccountAssociation']) {
        await profileColdStarts(bench, type, profileArgs);
        profiles[`cold-start ${type}`] = readProfile(`cold-start ${type}`);
      }
      profiles['cold-start baseline'] = readProfile('cold-start baseline');
      log('profile: cold starts done');
    }

    if (want('lifecycle') && bench) {
      const lifecycle = await runLifecycleBench(bench, 500, log);
      results.lifecycle = lifecycle;
      out.push(`## 3. Calls and latency per lifecycle (poll interval ${lifecycle.pollIntervalMs} ms; emulated transitions 1.5 s)\n`);
      const rows: Array<Array<string | number>> = [];
      for (const [type, phases] of Object.entries(lifecycle.results)) {
        for (const [phase, r] of Object.entries(phases)) {
          rows.push([type, phase, r.ok ? 'ok' : `FAILED ${r.reason}`, r.totalCalls,
            Object.entries(r.calls).map(([op, n]) => `${op.split('.')[1]} ${n}`).join(', '),
            r.isCompleteInvocations, r.frameworkInvocations, Number.isNaN(r.stableAfterMs) ? '-' : r.stableAfterMs, r.completeAfterMs, r.noticedAfterMs]);
        }
      }
      out.push(table(['construct', 'phase', 'result', 'calls', 'by operation', 'polls', 'framework invocations', 'stable at ms', 'complete at ms', 'noticed after ms'], rows));
      out.push('');
      const all = Object.values(lifecycle.results).flatMap((p) => Object.values(p));
      // A phase with nothing to wait for (a RETAIN delete: no call, no stable moment) has nothing to notice.
      const waited = all.filter((r) => !Number.isNaN(r.noticedAfterMs));
      const worst = Math.max(...waited.map((r) => r.noticedAfterMs));
      goals.push({ goal: 'completion noticed within one polling interval', met: all.every((r) => r.ok) && waited.every((r) => r.withinOnePollInterval), figures: `worst ${worst} ms after stable, interval ${lifecycle.pollIntervalMs} ms` });
    }

    if (want('scale') && bench) {
      const scale = await runScaleBench(bench, 100, 5, 1000, log);
      results.scale = scale;
      out.push(`## 4. Scale under throttling (${scale.resources} mixed constructs at once, every operation limited to ${scale.perSecond}/s, poll interval ${scale.pollIntervalMs} ms)\n`);
      out.push(table(['operation', 'result', 'calls', 'throttled', 'wall ms', 'floor ms', 'vs floor', 'unthrottled calls', 'unthrottled wall ms'],
        (['deploy', 'destroy'] as const).map((k) => {
          const o = scale[k];
          return [k, o.throttled.ok ? `ok (${o.throttled.failures.length} failures)` : `FAILED ${o.throttled.failures[0]}`, o.throttled.totalCalls,
            o.throttled.throttledCalls, o.throttled.wallMs, o.floorMs, o.ratioToFloor.toFixed(2), o.unthrottled.totalCalls, o.unthrottled.wallMs];
        })));
      out.push('\nPer operation (each has its own 5/s bucket; essential = the unthrottled run\'s calls less its isComplete polls beyond the first per resource; the largest floor is the floor unless the unthrottled wall time is larger):\n');
      out.push(table(SCALE_OPERATION_COLUMNS, [...scaleOperationRows('deploy', scale.deploy), ...scaleOperationRows('destroy', scale.destroy)]));
      out.push('');
      for (const k of ['deploy', 'destroy'] as const) {
        const o = scale[k];
        goals.push({ goal: `${k} of 100 mixed constructs at 5 calls/s: 0 failures, <= ${GOALS.scaleFloor}x the floor`, met: o.throttled.ok && o.unthrottled.ok && o.throttled.failures.length === 0 && o.ratioToFloor <= GOALS.scaleFloor, figures: `${o.throttled.failures.length} failures, ${o.throttled.wallMs} ms vs floor ${o.floorMs} ms = ${o.ratioToFloor.toFixed(2)}x; ${o.throttled.throttledCalls} of ${o.throttled.totalCalls} calls throttled` });
      }
    }
    if (want('partner') && bench) {
      const partnerOptions = { pollIntervalMs: 500, quick, concurrent: 100, perSecond: 5, maxFloorMs: quick ? 60_000 : 300_000 };
      const partner = await runPartnerScaleBench(bench, partnerOptions, log);
      results.partnerScale = partner;
      out.push(`## 5. Direct Connect at partner scale (${partner.parents} interconnects and LAGs of interconnects, ${partner.hostedConnections} hosted connections spread over them; poll interval ${partner.pollIntervalMs} ms; library = the construct through the runner, script = a careful hand-written script, as SDK calls; +currentParent: the construct is told where the connection is, and so is the script)\n`);
      const rows: Array<Array<string | number>> = [];
      for (const m of partner.moves) {
        for (const phase of ['create', 'update', 'delete'] as const) {
          const l = m.library[phase];
          const sc = m.script[phase];
          rows.push([m.construct.replace('Association', ''), m.parentPosition ?? '-', phase, l.ok ? 'ok' : `FAILED ${(l.reason ?? '').slice(0, 80)}`,
            l.moveCalls, sc.moveCalls, l.polls, sc.polls,
            Object.entries(l.byOperation).map(([op, n]) => `${op} ${n}`).join(', '), Object.entries(sc.byOperation).map(([op, n]) => `${op} ${n}`).join(', ')]);
        }
      }
      out.push(table(['move', 'parent at', 'phase', 'library', 'move calls lib', 'move calls script', 'polls lib', 'polls script', 'library by operation', 'script by operation'], rows));
      out.push('');
      for (const m of partner.moves) {
        const lib = ['create', 'update', 'delete'].reduce((n, p) => n + m.library[p as 'create'].moveCalls, 0);
        const scr = ['create', 'update', 'delete'].reduce((n, p) => n + m.script[p as 'create'].moveCalls, 0);
        const ok = ['create', 'update', 'delete'].every((p) => m.library[p as 'create'].ok);
        goals.push({
          goal: `partner scale: ${m.construct}${m.parentPosition ? ` (parent ${m.parentPosition})` : ''} calls per lifecycle <= the careful script's`,
          met: ok && lib <= scr,
          figures: `${ok ? '' : 'FAILED; '}${lib} vs ${scr} calls (create, update, RESTORE delete; polls apart)`,
        });
      }
      const c = partner.concurrent;
      if (c) {
        out.push(`${c.moves} hosted-connection moves at once, Direct Connect limited to ${c.perSecond} calls/s per operation: ` + (c.skipped
          ? `library run skipped (${c.skipped}); script ${c.script.wallMs} ms, ${c.script.totalCalls} calls.`
          : `library ${c.library.ok ? 'ok' : 'FAILED'} in ${c.library.wallMs} ms with ${c.library.totalCalls} calls (${c.library.throttled} throttled); ` +
            `script ${c.script.wallMs} ms with ${c.script.totalCalls} calls (${c.script.throttled} throttled): ${c.ratio}x.`));
        out.push(`Library calls by operation: ${Object.entries(c.library.byOperation).map(([op, n]) => `${op} ${n}`).join(', ')}\n`);
        if (c.runs?.length) {
          out.push(table(['run', 'result', 'wall ms', 'floor ms', 'vs script told as much', 'calls', 'throttled', 'by operation'], c.runs.map((r) => [
            r.label, r.skipped ? `skipped: ${r.skipped.slice(0, 60)}` : r.ok ? `ok, ${r.failures.length} failures` : `FAILED ${r.failures.join('; ').slice(0, 80)}`,
            Number.isNaN(r.wallMs) ? '-' : r.wallMs, r.floorMs ?? '-', Number.isNaN(r.ratio) ? '-' : `${r.ratio}x`, r.totalCalls, r.throttled,
            Object.entries(r.byOperation).map(([op, n]) => `${op} ${n}`).join(', '),
          ])));
          out.push('');
        }
        goals.push({
          goal: `partner scale: ${c.moves} hosted-connection moves at once at ${c.perSecond}/s, 0 failures (time against the script's)`,
          met: !c.skipped && c.library.ok,
          figures: c.skipped ? `not run: ${c.skipped}` : `${c.library.failures.length} failures, ${c.library.wallMs} ms vs script ${c.script.wallMs} ms = ${c.ratio}x`,
        });
      }
    }
  } finally {
    await bench?.emulator.stop();
  }

  // Synth (in-process and whole-process) runs last, after the in-process emulator has stopped: its heap would otherwise slow the emulator
  // that the cold-start children call, and the emulator would share the CPU with the synth timings. Its
  // table and goals still come first.
  const emulatorOut = out.splice(0);
  const emulatorGoals = goals.splice(0);
  if (want('process')) {
    const proc = runProcessSynthBench(PROCESS_SIZES, quick ? 2 : 7, log);
    results.processSynth = proc;
    out.push(`## 0. Whole-process synth (a fresh \`node app.js\` per sample: loads the compiled library from lib/ and writes a cloud assembly to disk; wall ms spawn to exit, medians of ${proc.repeats}, [min-max]; library = mixed constructs of every type, waiting = a bare Provider with an isComplete function and N CustomResources, bare = the Provider without isComplete)\n`);
    if (proc.staleLib) out.push(`WARNING: ${proc.staleLib}\n`);
    const spread = (r: typeof proc.rows[number], k: 'library' | 'waiting' | 'bare') => `${r.wallMs[k]} [${r.spreadMs[k][0]}-${r.spreadMs[k][1]}]`;
    out.push(table(['N', 'library ms', 'waiting ms', 'bare ms', 'ratio to waiting', 'ratio to bare', 'require ms lib/waiting'],
      proc.rows.map((r) => [r.n, spread(r, 'library'), spread(r, 'waiting'), spread(r, 'bare'), r.ratioToWaiting.toFixed(2), r.ratioToBare.toFixed(2),
        `${r.requireMs.library}/${r.requireMs.waiting}`])));
    out.push('');
    for (const n of [400, 1]) {
      const r = proc.rows.find((x) => x.n === n);
      if (r) {
        goals.push({
          goal: `whole-process synth <= ${GOALS.processSynth}x the waiting baseline at N=${n}`,
          met: r.ratioToWaiting <= GOALS.processSynth,
          figures: `${r.wallMs.library} ms vs ${r.wallMs.waiting} ms = ${r.ratioToWaiting.toFixed(2)}x (bare ${r.wallMs.bare} ms: ${r.ratioToBare.toFixed(2)}x)`,
        });
      }
    }
  }
  if (want('synth')) {
    const synth = runSynthBench(SYNTH_SIZES, quick ? 2 : 7, log);
    results.synth = synth;
    out.push('## 1. Synth cost and template growth (medians; library = mixed constructs of every type, baseline = N plain CustomResources on one bare Provider, waiting = the same Provider with an isComplete function)\n');
    out.push(table(
      ['N', 'synth ms lib', 'synth ms base', 'ratio', 'synth ms waiting', 'ratio to waiting', 'bytes lib', 'bytes base',
        'resources lib', 'resources base', 'largest IAM policy (deployed chars)', 'largest role inline total'],
      synth.rows.map((r) => [r.n, r.libraryMs, r.baselineMs, r.ratio.toFixed(2), r.waitingBaselineMs, r.ratioToWaiting.toFixed(2),
        r.library.templateBytes, r.baseline.templateBytes, r.library.resources, r.baseline.resources,
        r.library.largestPolicyChars, r.library.largestRoleInlineChars]),
    ));
    const [small, large] = synth.rows.slice(-2);
    out.push(`\nMarginal cost (slope between N=${small.n} and N=${large.n}): one more construct costs ${synth.marginalRatio.toFixed(2)}x one more plain CustomResource.`);
    out.push(`Fixed resources (resources less N), by types used at N=10: ${Object.entries(synth.fixedResourcesByTypes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    out.push(`Resources added per construct between sizes: ${synth.resourcesPerConstruct.join(', ')}\n`);
    const at400 = synth.rows.find((r) => r.n === 400)!;
    goals.push({
      goal: `in-process synth <= ${GOALS.inProcessSynth}x the waiting baseline at N=400`,
      met: at400.ratioToWaiting <= GOALS.inProcessSynth,
      figures: `${at400.libraryMs} ms vs ${at400.waitingBaselineMs} ms = ${at400.ratioToWaiting.toFixed(2)}x (bare ${at400.baselineMs} ms: ${at400.ratio.toFixed(2)}x)`,
    });
    const fixed = [...new Set([...synth.rows.map((r) => r.libraryFixedResources), ...Object.values(synth.fixedResourcesByTypes)])];
    goals.push({ goal: 'fixed overhead independent of N and of the types used', met: fixed.length === 1, figures: `fixed resources ${fixed.join('/')} at every N and type mix` });
    goals.push({ goal: 'exactly one extra resource per construct', met: synth.resourcesPerConstruct.every((x) => x === 1), figures: `per construct: ${synth.resourcesPerConstruct.join(', ')}` });
    goals.push({
      goal: `every IAM policy under ${IAM_INLINE_LIMIT} chars at N=400 (deployed, per role inline total)`,
      met: at400.library.largestRoleInlineChars < IAM_INLINE_LIMIT,
      figures: `largest role inline total ${at400.library.largestRoleInlineChars}; largest over all N ${Math.max(...synth.rows.map((r) => r.library.largestRoleInlineChars))}`,
    });
  }
  out.push(...emulatorOut);
  goals.push(...emulatorGoals);
  if (want('profile')) {
    Object.assign(profiles, runProfiles(log).profiles);
    results.profiles = profiles;
    out.push('## 6. Where the time goes (node --cpu-prof, one fresh process per figure; self time, top 6 modules and functions; files in bench/out/profiles/)\n');
    out.push(table(['figure', 'sampled ms', 'top modules (self ms)', 'top functions (self ms)'], Object.entries(profiles).map(([name, p]) => [
      name, p.totalMs,
      p.byModule.slice(0, 6).map((e) => `${e.name} ${e.selfMs}`).join('; '),
      p.byFunction.slice(0, 6).map((e) => `${e.name} ${e.selfMs}`).join('; '),
    ])));
    out.push('');
  }

  out.push('## Goals\n');
  out.push(table(['goal', 'met', 'figures'], goals.map((g) => [g.goal, g.met ? 'met' : 'NOT MET', g.figures])));
  results.goals = goals;
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  const file = path.join(__dirname, 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(out.join('\n'));
  console.log(`\nWrote ${path.relative(process.cwd(), file)} (${results.durationSeconds} s).`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
