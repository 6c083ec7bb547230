/**
 * Synthesizes the example app (examples/demo-app.ts) as the demo deploys it, in both of its stages, into
 * `<outdir>/demo-stage1` and `<outdir>/demo-stage2`, for the independent template checks
 * (lint/lint_templates.py). Synth only: nothing is deployed.
 *
 *   ts-node --project tsconfig.dev.json lint/synth-templates.ts <outdir>
 */
import { rmSync } from 'fs';
import { join, resolve } from 'path';
import { buildDemoApp } from '../examples/demo-app';

const outdir = resolve(process.argv[2] ?? '.lint/templates');
// The example app as a user synthesizes it, which is also the demo's first deployment; then the demo's
// update (the virtual interface's second move, the Connect peer on another device).
const stages = { 'demo-stage1': false, 'demo-stage2': true };
for (const [name, secondStage] of Object.entries(stages)) {
  const dir = join(outdir, name);
  rmSync(dir, { recursive: true, force: true });
  buildDemoApp({ outdir: dir, secondStage }).synth();
  console.log(`synthesized the example app${secondStage ? ' (the demo\'s second stage)' : ''} into ${dir}`);
}
