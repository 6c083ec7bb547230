import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Where `npm run bundle` writes the handler bundle, relative to this file once compiled to `lib/provider/`. */
const HANDLER_BUNDLE_DIRECTORY = path.join(__dirname, '..', '..', 'assets', 'provider', 'handler', 'handler-entry-points');

/** The runtime the handler bundle is built for (esbuild `--target=node22`) and tested on. */
const HANDLER_RUNTIME = lambda.Runtime.NODEJS_22_X;

/** Props for a `HandlerFunction`. */
export interface HandlerFunctionProps extends lambda.FunctionOptions {
  /** Which export of the bundle the function runs: `onEvent` or `isComplete`. */
  readonly entryPoint: 'onEvent' | 'isComplete';
  /** The bundle, shared by every function of the provider so that the stack has one asset. */
  readonly code: lambda.Code;
}

/** A Lambda function that runs one entry point of the provider's handler bundle. */
export class HandlerFunction extends lambda.Function {
  /** The bundle as Lambda code. Bind one instance to every function of a stack: it becomes a single asset. */
  public static bundle(): lambda.Code {
    return lambda.Code.fromAsset(HANDLER_BUNDLE_DIRECTORY);
  }

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    const { entryPoint, ...options } = props;
    super(scope, id, {
      ...options,
      runtime: HANDLER_RUNTIME,
      handler: `index.${entryPoint}`,
    });
    // The SDK clients reuse their HTTP connections between calls of one invocation.
    this.addEnvironment('AWS_NODEJS_CONNECTION_REUSE_ENABLED', '1', { removeInEdge: true });
  }
}
