/**
 * One injected fault, matched by service and operation. Rules apply in the order they were added; the
 * first matching rule that is not `latency` decides the call, `latency` rules add up and let it go on.
 */
export interface FaultRule {
  /** Service name as in the call log (`interconnect`, `directconnect`, ...), or `*`. */
  readonly service: string;
  /** Operation name (`CreateConnection`), or `*` for all. */
  readonly operation: string;
  /**
   * - `error`: answer `status`/`code`/`message` in the service's own error shape;
   * - `drop`: destroy the socket without a response;
   * - `latency`: wait `latencyMs`, then serve normally;
   * - `raw`: answer `status` with `rawBody` exactly as given (an empty body, an HTML 502 page).
   */
  readonly kind: 'error' | 'drop' | 'latency' | 'raw';
  /** How many matching calls the rule applies to. Default: unlimited. */
  readonly count?: number;
  /** Let the first N matching calls through before the rule starts applying. Default 0. */
  readonly skip?: number;
  /**
   * Arm the rule only once the service has served a call to this operation (one that no fault or rate
   * limit answered), e.g. `CreateConnection`: eventual consistency "right after create". Calls before that
   * neither match nor count towards `skip`. Default: armed from the start.
   */
  readonly after?: string;
  /** HTTP status; default 500 for `error`, 502 for `raw`. */
  readonly status?: number;
  /** Error code (`ThrottlingException`, `AccessDeniedException`, ...); default derived from the status. */
  readonly code?: string;
  readonly message?: string;
  /** Sets the `Retry-After` header. */
  readonly retryAfterSeconds?: number;
  /** For `latency`; default 1000. */
  readonly latencyMs?: number;
  /** For `raw`; default empty. */
  readonly rawBody?: string;
  /** For `raw`; default `text/html` when there is a body. */
  readonly rawContentType?: string;
}
