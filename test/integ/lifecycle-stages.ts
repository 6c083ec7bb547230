import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';

/** A stage in the life of one deployed construct. */
export enum LifecycleStage {
  /** The first deployment: the realistic use. */
  CREATE = 'Create',
  /** Every property that updates in place, changed: the physical id must stay the same. */
  UPDATE_IN_PLACE = 'UpdateInPlace',
  /** A property that replaces the resource, changed: a new physical id, then a Delete of the old one. */
  REPLACE = 'Replace',
}

/** Adds the construct under test to a stage's stack, with that stage's props. */
export type StageBuilder = (stack: Stack, stage: LifecycleStage) => void;

/**
 * Synthesizes one stage of a construct's lifecycle as an integration test.
 *
 * Each construct has three integ files, `integ.<construct>.ts` (create), `….update-in-place.ts` and
 * `….replace.ts`, each a separate app: the library allows one association per Direct Connect resource in
 * an app, so the stages of a move cannot share one. Every stage uses the same stack id, stack name and
 * construct ids, so a diff of two stages' snapshot templates shows exactly the properties that change on
 * the same logical id, and deploying the three in order (`integ-runner --force --no-clean`, with an AWS
 * account) plays a create, an in-place update and a replacement of one stack.
 *
 * @param name the construct's name, such as `InterconnectConnection`; the stack id.
 * @param stage the stage to synthesize.
 * @param build adds the construct under test.
 */
export function synthStage(name: string, stage: LifecycleStage, build: StageBuilder): void {
  const app = new App();
  const stack = new Stack(app, name, { stackName: `cdk-hybrid-connectivity-integ-${name}` });
  build(stack, stage);
  new IntegTest(app, `${name}${stage}`, {
    testCases: [stack],
    // The handler bundle's hash is part of the template: a changed bundle is drift too.
    diffAssets: true,
    // integ-runner's update workflow (deploy the committed snapshot, then the new app) needs the 1.4 MB
    // handler bundles copied into every snapshot; the stage files test updates explicitly instead, so the
    // snapshots keep templates and manifests only.
    stackUpdateWorkflow: false,
  });
  app.synth();
}
