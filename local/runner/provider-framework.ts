import { randomBytes, randomUUID } from 'crypto';
import { parse as parseUrl } from 'url';
import type { AuditTrail } from './audit-trail';
import { checkResponse, CustomResourceResponse, PendingRequest } from './custom-resource-response';
import type { FrameworkOutbound } from './framework-runtime';
import { LambdaService } from './lambda-service';
import type { RunnerClock } from './runner-clock';
import type { StackFunctions } from './stack-functions';
import { MAX_EXECUTION_INPUT_BYTES, WaiterStateMachine } from './waiter-state-machine';

export { MAX_RESPONSE_BYTES } from './custom-resource-response';

export type RequestType = 'Create' | 'Update' | 'Delete';

/** One custom-resource request, as CloudFormation would send it. */
export interface ProviderRequest {
  readonly requestType: RequestType;
  readonly resourceType: string;
  readonly logicalId: string;
  readonly stackId: string;
  readonly serviceToken: string;
  readonly physicalId?: string;
  /** The resolved properties, ServiceToken included, as CloudFormation sends them. */
  readonly properties: Record<string, unknown>;
  readonly oldProperties?: Record<string, unknown>;
}

/** Invocations of our two functions made for one request (the framework's own are in the audit). */
export interface InvocationCounts {
  onEvent: number;
  isComplete: number;
}

/** What CloudFormation would have received on success. */
export interface ProviderOutcome {
  readonly physicalId: string;
  readonly data: Record<string, unknown>;
  readonly noEcho: boolean;
  readonly invocations: InvocationCounts;
}

/** What CloudFormation would have received on failure: the reason, and the physical id it records. */
export class ProviderFailure extends Error {
  constructor(
    message: string,
    /** The physical id of the FAILED response: the framework's marker after a failed Create's onEvent. */
    public readonly physicalId: string | undefined,
    public readonly invocations: InvocationCounts,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

/**
 * CloudFormation stopped waiting for a request (the caller's AbortSignal): the framework's work goes on
 * in the background, and whatever it answers later is recorded and ignored.
 */
export class RequestCancelled extends Error {
  constructor(public readonly logicalId: string, public readonly invocations: InvocationCounts) {
    super(`CloudFormation stopped waiting for ${logicalId}: the request was cancelled.`);
    this.name = 'RequestCancelled';
  }
}

export interface ExecuteOptions {
  /** Abort to stop CloudFormation's wait at once: execute rejects with {@link RequestCancelled}. */
  readonly signal?: AbortSignal;
  /** The custom resource's ServiceTimeout, on the runner clock: no response by then fails the request. */
  readonly serviceTimeoutMs?: number;
}

/**
 * aws-cdk-lib's marker physical id for a Create whose onEvent failed (custom-resources
 * lib/provider-framework/runtime/cfn-response.js `CREATE_FAILED_PHYSICAL_ID_MARKER`); the framework answers
 * the later Delete of it by itself.
 */
export const CREATE_FAILED_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

export interface ProviderFrameworkOptions {
  readonly lambda: LambdaService;
  readonly clock: RunnerClock;
  readonly audit: AuditTrail;
  /** The functions and state machines of the request's stack. */
  readonly functions: (request: ProviderRequest) => StackFunctions;
  /** Deliver every request to the framework's onEvent twice, as Lambda's asynchronous invocation may. */
  readonly duplicateDelivery?: boolean;
  /** Test override: real ms between waiter attempts instead of the template's Retry interval. */
  readonly pollIntervalMs?: number;
  /** Test override of the Provider's totalTimeout: the Retry's MaxAttempts becomes this over the interval. */
  readonly maxWaitMs?: number;
  /** Called before every wait of the waiter, with the time since the request started on the runner clock. */
  readonly onWaiting?: (request: ProviderRequest, elapsedMs: number) => void;
}

interface InFlight {
  readonly request: ProviderRequest;
  readonly pending: PendingRequest;
  readonly counts: InvocationCounts;
  readonly started: number;
  readonly work: Set<Promise<unknown>>;
  responded: boolean;
  settle?: (response: CustomResourceResponse | { problem: string } | 'idle') => void;
}

/**
 * CloudFormation's side of a custom resource backed by the Provider framework: it invokes the
 * framework's onEvent function (aws-cdk-lib's runtime, through {@link LambdaService}) with the request and
 * a presigned ResponseURL, and waits for the first response PUT to that URL. The framework's outbound
 * calls are served here: Lambda invoke, StartExecution of the waiter (interpreted from the template's
 * definition) and the response PUT (checked as CloudFormation checks it).
 */
export class ProviderFramework {
  /** Every ResponseURL handed out, so output can be checked or scrubbed for them. */
  public readonly responseUrls = new Set<string>();
  private readonly byPath = new Map<string, InFlight>();
  private readonly byRequestId = new Map<string, InFlight>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly outbounds = new Map<string, FrameworkOutbound>();
  private readonly waiters = new Map<string, WaiterStateMachine>();

  constructor(private readonly options: ProviderFrameworkOptions) {}

  /** The outbound seam of one stack's framework functions. */
  public outboundFor(stack: StackFunctions): FrameworkOutbound {
    let outbound = this.outbounds.get(stack.key);
    if (!outbound) {
      outbound = {
        invokeFunction: (req) => this.invokeUserFunction(stack, req.FunctionName, payloadText(req.Payload)),
        startExecution: async (req) => this.startExecution(stack, req.stateMachineArn, req.input ?? '{}'),
        httpRequest: async (opts, body) => this.receiveResponse(opts.path ?? '', body),
      };
      this.outbounds.set(stack.key, outbound);
    }
    return outbound;
  }

  public async execute(request: ProviderRequest, options: ExecuteOptions = {}): Promise<ProviderOutcome> {
    const counts: InvocationCounts = { onEvent: 0, isComplete: 0 };
    const stack = this.options.functions(request);
    const onEvent = stack.functions.get(request.serviceToken);
    if (!onEvent) {
      throw new ProviderFailure(`ServiceToken ${request.serviceToken} is not the ARN of a Lambda function of stack ${stack.stackName}.`, request.physicalId, counts);
    }
    const requestId = randomUUID();
    const responseUrl = this.responseUrl(request, requestId);
    const cfnRequest: Record<string, unknown> = {
      RequestType: request.requestType,
      ServiceToken: request.serviceToken,
      ResponseURL: responseUrl,
      StackId: request.stackId,
      RequestId: requestId,
      LogicalResourceId: request.logicalId,
      ResourceType: request.resourceType,
      ...(request.physicalId !== undefined ? { PhysicalResourceId: request.physicalId } : {}),
      ResourceProperties: request.properties,
      ...(request.oldProperties ? { OldResourceProperties: request.oldProperties } : {}),
    };
    const inFlight: InFlight = {
      request,
      pending: {
        requestType: request.requestType, requestId, stackId: request.stackId, logicalId: request.logicalId, physicalId: request.physicalId,
      },
      counts,
      started: this.options.clock.now(),
      work: new Set(),
      responded: false,
    };
    this.byPath.set(parseUrl(responseUrl).path ?? '', inFlight);
    this.byRequestId.set(requestId, inFlight);

    const answer = new Promise<CustomResourceResponse | { problem: string } | 'idle'>((resolve) => { inFlight.settle = resolve; });
    // CloudFormation invokes the service token asynchronously (InvocationType Event): nothing waits on the
    // invocation itself, only on the response.
    const deliveries = this.options.duplicateDelivery ? 2 : 1;
    for (let i = 0; i < deliveries; i++) {
      this.track(inFlight, this.options.lambda.invoke(stack, onEvent.arn, JSON.stringify(cfnRequest)));
    }

    const cleanups: Array<() => void> = [];
    const stopped = new Promise<Error>((resolve) => {
      if (options.signal) {
        const abort = () => resolve(new RequestCancelled(request.logicalId, { ...counts }));
        if (options.signal.aborted) abort();
        options.signal.addEventListener('abort', abort, { once: true });
        cleanups.push(() => options.signal!.removeEventListener('abort', abort));
      }
      if (options.serviceTimeoutMs !== undefined) {
        // CloudFormation's own words for a custom resource that did not answer in time.
        cleanups.push(this.options.clock.after(options.serviceTimeoutMs, () => resolve(new ProviderFailure(
          'CloudFormation did not receive a response from your Custom Resource. ' +
          `Please check your logs for requestId [${requestId}]. If you are using the Python cfn-response module, you may need to update ` +
          'your Lambda function code so that CloudFormation can attach the updated version.', undefined, { ...counts }))));
      }
    });
    try {
      const response = await Promise.race([answer, stopped]);
      if (response instanceof Error) throw response;
      if (response === 'idle') {
        // In the cloud CloudFormation would wait until ServiceTimeout; nothing is left that could answer.
        throw new ProviderFailure('The Provider framework finished without sending a response (see runner.audit.frameworkLogs).', request.physicalId, { ...counts });
      }
      if ('problem' in response) throw new ProviderFailure(response.problem, request.physicalId, { ...counts });
      if (response.status === 'FAILED') throw new ProviderFailure(shownReason(response.reason ?? 'FAILED'), response.physicalId, { ...counts });
      return { physicalId: response.physicalId, data: { ...response.data }, noEcho: response.noEcho, invocations: { ...counts } };
    } finally {
      for (const cleanup of cleanups) cleanup();
      inFlight.responded = true;
    }
  }

  /** Resolves once every piece of framework work started so far (invocations, waiter executions) has ended. */
  public async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private track(inFlight: InFlight | undefined, work: Promise<unknown>): void {
    const guarded = work.catch(() => undefined);
    this.background.add(guarded);
    inFlight?.work.add(guarded);
    void guarded.then(() => {
      this.background.delete(guarded);
      if (!inFlight) return;
      inFlight.work.delete(guarded);
      if (inFlight.work.size === 0 && !inFlight.responded) inFlight.settle?.('idle');
    });
  }

  private async invokeUserFunction(stack: StackFunctions, functionArn: string, payload: string) {
    const inFlight = this.byRequestId.get(requestIdOf(payload));
    const role = userFunctionRole(stack, functionArn);
    if (inFlight && role) inFlight.counts[role]++;
    return this.options.lambda.invoke(stack, functionArn, payload);
  }

  private startExecution(stack: StackFunctions, stateMachineArn: string, input: string) {
    const machine = stack.stateMachines.get(stateMachineArn);
    if (!machine) throw named('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    if (Buffer.byteLength(input, 'utf8') > MAX_EXECUTION_INPUT_BYTES) {
      // botocore stepfunctions StartExecution: input is SensitiveData, max 262144 (bytes in UTF-8).
      throw named('ValidationException', `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EXECUTION_INPUT_BYTES}`);
    }
    const key = `${stack.key}|${machine.logicalId}`;
    let waiter = this.waiters.get(key);
    if (!waiter) {
      waiter = new WaiterStateMachine(machine.definition, `State machine ${machine.logicalId} of stack ${stack.stackName}`);
      this.waiters.set(key, waiter);
    }
    this.options.audit.executionInputs.push(input);
    const inFlight = this.byRequestId.get(requestIdOf(input));
    const run = waiter.run(input, {
      invoke: (arn, payload) => this.options.lambda.invoke(stack, arn, payload),
      clock: this.options.clock,
      intervalOverrideMs: this.options.pollIntervalMs,
      maxWaitMs: this.options.maxWaitMs,
      onFailedAttempt: (_error, cause) => {
        let message = cause;
        try {
          message = JSON.parse(cause).errorMessage ?? cause;
        } catch {
          // Kept as it came.
        }
        this.options.audit.retryPayloads.push(String(message));
      },
      onWait: () => {
        if (inFlight && !inFlight.responded) this.options.onWaiting?.(inFlight.request, this.options.clock.now() - inFlight.started);
      },
    });
    this.track(inFlight, run);
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${randomUUID()}`;
    return { executionArn, startDate: new Date(this.options.clock.now()) };
  }

  private receiveResponse(urlPath: string, body: string): void {
    const inFlight = this.byPath.get(urlPath);
    const requestId = inFlight?.pending.requestId ?? '(unknown ResponseURL)';
    if (!inFlight || inFlight.responded) {
      // Only the first response counts: a duplicate, or a late answer after CloudFormation stopped waiting.
      this.options.audit.responses.push({ requestId, body, accepted: false, problem: inFlight ? 'not the first response' : 'unknown ResponseURL' });
      return;
    }
    inFlight.responded = true;
    const checked = checkResponse(body, inFlight.pending);
    this.options.audit.responses.push({ requestId, body, accepted: !('problem' in checked), ...('problem' in checked ? { problem: checked.problem } : {}) });
    inFlight.settle?.(checked);
  }

  /** Shaped like CloudFormation's presigned S3 URL, secret query string included, so leaks are detectable. */
  private responseUrl(request: ProviderRequest, requestId: string): string {
    const stack = encodeURIComponent(request.stackId);
    const url = 'https://cloudformation-custom-resource-response-local.s3.amazonaws.com/' +
      `${stack}%7C${request.logicalId}%7C${requestId}` +
      '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIALOCALRUNNER%2Fresponse' +
      `&X-Amz-Security-Token=local-runner-secret-${randomBytes(12).toString('hex')}` +
      `&X-Amz-Signature=${randomBytes(32).toString('hex')}`;
    this.responseUrls.add(url);
    return url;
  }
}

/** Which of our functions an ARN is, by the framework functions' USER_*_FUNCTION_ARN variables. */
function userFunctionRole(stack: StackFunctions, arn: string): keyof InvocationCounts | undefined {
  for (const fn of stack.functions.values()) {
    if (fn.environment.USER_ON_EVENT_FUNCTION_ARN === arn) return 'onEvent';
    if (fn.environment.USER_IS_COMPLETE_FUNCTION_ARN === arn) return 'isComplete';
  }
  return undefined;
}

function payloadText(payload: string | Uint8Array | undefined): string {
  if (payload === undefined) return '';
  return typeof payload === 'string' ? payload : new TextDecoder().decode(payload);
}

function requestIdOf(json: string): string {
  try {
    return String(JSON.parse(json).RequestId ?? '');
  } catch {
    return '';
  }
}

function named(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

/**
 * The reason as the runner reports it: the framework's FAILED Reason is the error's stack (its
 * `includeStackTraces`), i.e. the user function's message, a line naming its log group, and the trace.
 * The runner shows the first line; the whole body is in `runner.audit.responses`.
 */
function shownReason(reason: string): string {
  return reason.split('\n')[0].replace(/^Error: /, '') || reason;
}
