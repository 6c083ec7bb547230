import { randomBytes, randomUUID } from 'crypto';

/** A Lambda handler as the bundles export it: `(event, context) => Promise<result>`. */
export type LambdaHandler = (event: any, context?: any) => Promise<any> | any;

/** The user functions behind the Provider framework. */
export interface ProviderHandlers {
  readonly onEvent: LambdaHandler;
  /** Without it the framework answers CloudFormation as soon as onEvent returns. */
  readonly isComplete?: LambdaHandler;
}

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
    /** The physical id of the FAILED response: the marker after a failed Create's onEvent. */
    public readonly physicalId: string | undefined,
    public readonly invocations: InvocationCounts,
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }
}

export interface ProviderFrameworkOptions {
  readonly handlers: () => ProviderHandlers;
  readonly pollIntervalMs: number;
  /** The Provider's totalTimeout. */
  readonly maxWaitMs: number;
  /** The user functions' Lambda timeout. */
  readonly invocationTimeoutMs: number;
  /** Called after every isComplete that answered "not yet". */
  readonly onWaiting?: (request: ProviderRequest, elapsedMs: number) => void;
}

// ---- Interim (issue 11 §2, until the aws-cdk-lib framework lands): cancellation, ServiceTimeout, drain. ----
/** `execute` was stopped by its signal: CloudFormation stopped waiting (the framework's work goes on). */
export class RequestCancelled extends Error {
  constructor(message = 'Request cancelled') {
    super(message);
    this.name = 'RequestCancelled';
  }
}

export interface ExecuteOptions {
  /** Aborting it makes `execute` reject at once with {@link RequestCancelled}. */
  readonly signal?: AbortSignal;
  /** CloudFormation's `ServiceTimeout`: no response by then rejects with a {@link ProviderFailure}. */
  readonly serviceTimeoutMs?: number;
}

/** A response that came after CloudFormation stopped waiting for it, kept and otherwise ignored. */
export interface IgnoredResponse {
  readonly logicalId: string;
  readonly requestType: RequestType;
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalId?: string;
}
// ---- end interim ----

/**
 * The physical id the framework answers a failed Create's onEvent with, so that CloudFormation's rollback
 * Delete of it never reaches the user function (there is nothing to delete).
 */
export const CREATE_FAILED_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/** CloudFormation rejects a custom-resource response larger than this. */
export const MAX_RESPONSE_BYTES = 4096;

/**
 * The aws-cdk-lib Provider framework's runtime (custom-resources/lib/provider-framework/runtime),
 * reproduced in-process: onEvent, then isComplete at the query interval until complete or the total
 * timeout, with the framework's default physical ids, its checks on what the user functions return, the
 * CREATE_FAILED marker, and CloudFormation's response size limit.
 */
export class ProviderFramework {
  /** Every ResponseURL handed out, so output can be checked or scrubbed for them. */
  public readonly responseUrls = new Set<string>();
  /** Interim (issue 11 §2): responses that came after `execute` had rejected (cancelled or timed out). */
  public readonly ignoredResponses: IgnoredResponse[] = [];
  private readonly background = new Set<Promise<void>>();

  constructor(private readonly options: ProviderFrameworkOptions) {}

  /** Interim (issue 11 §2): the request, given up on when `signal` aborts or `serviceTimeoutMs` passes. */
  public execute(request: ProviderRequest, options: ExecuteOptions = {}): Promise<ProviderOutcome> {
    const invocations: InvocationCounts = { onEvent: 0, isComplete: 0 };
    const requestId = randomUUID();
    const work = this.run(request, requestId, invocations);
    let answered = false;
    const late = (status: 'SUCCESS' | 'FAILED', physicalId?: string) => {
      if (answered) this.ignoredResponses.push({ logicalId: request.logicalId, requestType: request.requestType, status, physicalId });
    };
    const settled = work.then((o) => late('SUCCESS', o.physicalId), (e) => late('FAILED', e instanceof ProviderFailure ? e.physicalId : undefined));
    this.background.add(settled);
    void settled.then(() => this.background.delete(settled));
    return new Promise<ProviderOutcome>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const answer = (fn: () => void) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = () => answer(() => reject(new RequestCancelled()));
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.serviceTimeoutMs !== undefined) {
        timer = setTimeout(() => answer(() => reject(new ProviderFailure('CloudFormation did not receive a response from your Custom Resource. ' +
          `Please check your logs for requestId [${requestId}]. If you are using the Python cfn-response module, you may need to update ` +
          'your Lambda function code so that CloudFormation can attach the updated version.', undefined, { ...invocations }))), options.serviceTimeoutMs);
      }
      work.then((o) => answer(() => resolve(o)), (e) => answer(() => reject(e)));
    });
  }

  /** Interim (issue 11 §2): resolves once no request's work is still running. */
  public async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }

  private async run(request: ProviderRequest, requestId: string, invocations: InvocationCounts): Promise<ProviderOutcome> {
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

    if (request.requestType === 'Delete' && request.physicalId === CREATE_FAILED_PHYSICAL_ID_MARKER) {
      return { physicalId: request.physicalId, data: {}, noEcho: false, invocations };
    }

    const handlers = this.options.handlers();
    let resourceEvent: Record<string, any>;
    try {
      invocations.onEvent++;
      const onEventResult = (await this.invoke(handlers.onEvent, cfnRequest, 'onEvent')) ?? {};
      resourceEvent = responseEvent(cfnRequest, onEventResult);
    } catch (err) {
      const physicalId = request.physicalId ?? (request.requestType === 'Create' ? CREATE_FAILED_PHYSICAL_ID_MARKER : undefined);
      throw new ProviderFailure(reasonOf(err), physicalId, invocations);
    }

    let final: Record<string, any> = resourceEvent;
    if (handlers.isComplete) {
      const started = Date.now();
      for (;;) {
        let result: any;
        try {
          invocations.isComplete++;
          result = (await this.invoke(handlers.isComplete, resourceEvent, 'isComplete')) ?? {};
        } catch (err) {
          throw new ProviderFailure(reasonOf(err), resourceEvent.PhysicalResourceId, invocations);
        }
        if (result.IsComplete) {
          final = { ...resourceEvent, ...result, Data: { ...resourceEvent.Data, ...result.Data } };
          break;
        }
        if (result.Data && Object.keys(result.Data).length > 0) {
          throw new ProviderFailure('"Data" is not allowed if "IsComplete" is "False"', resourceEvent.PhysicalResourceId, invocations);
        }
        const elapsed = Date.now() - started;
        if (elapsed + this.options.pollIntervalMs > this.options.maxWaitMs) {
          throw new ProviderFailure('Operation timed out', resourceEvent.PhysicalResourceId, invocations);
        }
        this.options.onWaiting?.(request, elapsed);
        await sleep(this.options.pollIntervalMs);
      }
    }

    const response = {
      Status: 'SUCCESS',
      Reason: 'SUCCESS',
      StackId: final.StackId,
      RequestId: final.RequestId,
      PhysicalResourceId: final.PhysicalResourceId,
      LogicalResourceId: final.LogicalResourceId,
      NoEcho: final.NoEcho,
      Data: final.Data,
    };
    if (Buffer.byteLength(JSON.stringify(response), 'utf8') > MAX_RESPONSE_BYTES) {
      throw new ProviderFailure('Response object is too long.', final.PhysicalResourceId, invocations);
    }
    return {
      physicalId: String(final.PhysicalResourceId),
      data: { ...(final.Data ?? {}) },
      noEcho: final.NoEcho === true,
      invocations,
    };
  }

  /**
   * The user functions run in Lambda: they get a JSON copy of the payload and their result comes back as
   * JSON, so neither side can share objects with the other.
   */
  private async invoke(handler: LambdaHandler, payload: Record<string, unknown>, name: string): Promise<any> {
    const event = JSON.parse(JSON.stringify(payload));
    const deadline = Date.now() + this.options.invocationTimeoutMs;
    const context = {
      functionName: `local-runner-${name}`,
      awsRequestId: randomUUID(),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      callbackWaitsForEmptyEventLoop: false,
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Task timed out after ${(this.options.invocationTimeoutMs / 1000).toFixed(2)} seconds`)),
        this.options.invocationTimeoutMs);
    });
    try {
      const result = await Promise.race([Promise.resolve().then(() => handler(event, context)), timeout]);
      return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    } finally {
      clearTimeout(timer);
    }
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

/** The framework's own checks on onEvent's result, and its default physical ids. */
function responseEvent(cfnRequest: Record<string, any>, onEventResult: Record<string, any>): Record<string, any> {
  const physicalId = onEventResult.PhysicalResourceId || (cfnRequest.RequestType === 'Create' ? cfnRequest.RequestId : cfnRequest.PhysicalResourceId);
  if (cfnRequest.RequestType === 'Delete' && physicalId !== cfnRequest.PhysicalResourceId) {
    throw new Error(`DELETE: cannot change the physical resource ID from "${cfnRequest.PhysicalResourceId}" to "${onEventResult.PhysicalResourceId}" during deletion`);
  }
  return { ...cfnRequest, ...onEventResult, PhysicalResourceId: physicalId };
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
