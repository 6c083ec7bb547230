/** One line a Lambda function wrote, as its CloudWatch Logs would hold it. */
export interface AuditLogLine {
  /** The function's name (the runner's simulated physical id of the function). */
  readonly functionName: string;
  /** TRACE, DEBUG, INFO, WARN, ERROR or FATAL, from the console method that wrote it. */
  readonly level: string;
  readonly line: string;
}

export interface AuditInvocation {
  readonly functionName: string;
  readonly payload: string;
  /** The invocation's result payload; for a function error, the error object Lambda returns. */
  readonly result: string;
  readonly functionError?: string;
  /** Wall time (ms since the epoch) the invocation ended. */
  readonly endedAt: number;
}

export interface AuditResponse {
  readonly requestId: string;
  readonly body: string;
  /** False for a response CloudFormation ignored (not the first) or refused (the problem says why). */
  readonly accepted: boolean;
  readonly problem?: string;
}

/**
 * Everything the Provider framework and the handlers put somewhere a person with read access to the
 * account could see it: Step Functions execution history (inputs, and the Retry errors of failed task
 * attempts), CloudWatch Logs (at the level the template ships and at the most verbose level), Lambda
 * payloads and the response bodies sent to CloudFormation. Tests search it for secrets.
 */
export class AuditTrail {
  /** Every StartExecution input, accepted or not. */
  public readonly executionInputs: string[] = [];
  /** The errorMessage of every failed task attempt, which Step Functions keeps in the execution history. */
  public readonly retryPayloads: string[] = [];
  /** Every framework log line, at the most verbose level. */
  public readonly frameworkLogs: AuditLogLine[] = [];
  /** The framework log lines the template's LoggingConfig ships to CloudWatch Logs. */
  public readonly frameworkLogsShipped: AuditLogLine[] = [];
  /** Every line our handlers wrote to stdout or stderr. */
  public readonly handlerLogs: AuditLogLine[] = [];
  /** Every Lambda invocation: the framework's functions and ours. */
  public readonly invocations: AuditInvocation[] = [];
  /** Every response body PUT to a ResponseURL. */
  public readonly responses: AuditResponse[] = [];

  /** Each kind of record as one text, for searching. */
  public texts(): Record<string, string> {
    return {
      'Step Functions execution inputs': this.executionInputs.join('\n'),
      'Step Functions Retry payloads': this.retryPayloads.join('\n'),
      'framework logs (most verbose)': this.frameworkLogs.map((l) => l.line).join('\n'),
      'framework logs (shipped at the template level)': this.frameworkLogsShipped.map((l) => l.line).join('\n'),
      'handler logs': this.handlerLogs.map((l) => l.line).join('\n'),
      'Lambda invoke payloads': this.invocations.map((i) => i.payload).join('\n'),
      'Lambda invoke results': this.invocations.map((i) => i.result).join('\n'),
      'response bodies': this.responses.map((r) => r.body).join('\n'),
    };
  }
}
