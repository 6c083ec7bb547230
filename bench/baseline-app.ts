import { App, CustomResource, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as cr from 'aws-cdk-lib/custom-resources';

// This file imports nothing of the library: a whole-process synth of the baseline must not load it.

/**
 * The least any custom-resource library can cost: one bare `custom-resources` Provider with an inline
 * onEvent function, and N plain CustomResources with a few properties each. With `waits`, the Provider
 * also has an isComplete function: the least any library that waits for a stable state can cost.
 */
export function buildBaselineApp(outdir: string, count: number, env?: StackProps['env'], options: { waits?: boolean } = {}): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench', { env });
  const inline = (id: string, code: string) => new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(code),
  });
  const onEvent = inline('OnEvent', 'exports.handler = async (e) => ({ PhysicalResourceId: e.LogicalResourceId });');
  // The least that can wait for a stable state: the same Provider with an isComplete function, which adds
  // the framework's waiter (a state machine and two more framework functions).
  const isComplete = options.waits ? inline('IsComplete', 'exports.handler = async () => ({ IsComplete: true });') : undefined;
  const provider = new cr.Provider(stack, 'Provider', { onEventHandler: onEvent, isCompleteHandler: isComplete });
  for (let i = 0; i < count; i++) {
    new CustomResource(stack, `Resource${i}`, {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::Plain',
      properties: { Id: `dxcon-hs${String(i).padStart(6, '0')}`, Target: 'dxlag-lagx0001' },
      serviceTimeout: Duration.seconds(3600),
    });
  }
  return app;
}
