/**
 * The contract every custom resource of this library shares with the one provider: the property names
 * the kit reads for every resource type, and the timeouts that must agree with each other.
 *
 * Construct code and handler code both import this module; it holds constants only.
 */

/** Resource property: how long isComplete may wait before it fails the resource, in seconds. */
export const WAIT_TIMEOUT_PROPERTY = 'WaitTimeoutSeconds';

/** Data key (set by onEvent, read by isComplete): the epoch milliseconds after which waiting fails. */
export const WAIT_DEADLINE_DATA_KEY = 'WaitDeadline';

/**
 * CloudFormation's limit for a custom resource (`ServiceTimeout`), in seconds.
 * The provider's own total timeout sits below it, and every construct's wait limit below that,
 * so the failure a user sees is always the construct's own, with the last state in it.
 */
export const SERVICE_TIMEOUT_SECONDS = 3600;

/** The Provider framework's `totalTimeout`, in seconds. */
export const PROVIDER_TOTAL_TIMEOUT_SECONDS = 55 * 60;

/** The onEvent function's Lambda timeout, in seconds. */
export const ON_EVENT_TIMEOUT_SECONDS = 5 * 60;

/** The isComplete function's Lambda timeout, in seconds. */
export const IS_COMPLETE_TIMEOUT_SECONDS = 60;

/** The Provider framework's `queryInterval`, in seconds. */
export const PROVIDER_QUERY_INTERVAL_SECONDS = 10;

/** The longest wait a construct may ask for, in seconds: the provider's total less a margin for onEvent. */
export const MAX_WAIT_TIMEOUT_SECONDS = 50 * 60;

/** The wait limit when a construct does not say, in seconds. */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 30 * 60;
