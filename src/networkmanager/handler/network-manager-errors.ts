import type { AwsLikeError } from '../../runtime/errors';

interface ValidationLike extends AwsLikeError {
  readonly Fields?: ReadonlyArray<{ readonly Name?: string; readonly Message?: string }>;
}

/**
 * Network Manager reports a global network that does not exist (or that the caller's account cannot see)
 * as a `ValidationException` whose `Fields` say "Global network not found", not as a
 * ResourceNotFoundException: the Terraform AWS provider's `globalNetworkIDNotFoundError`
 * (internal/service/networkmanager/global_network.go) matches exactly that. The top-level message is
 * checked too, in case the service moves the words there.
 */
export function isGlobalNetworkNotFound(error: unknown): boolean {
  const err = (error ?? {}) as ValidationLike;
  if (err.name !== 'ValidationException') return false;
  const words = /Global network not found/i;
  return words.test(err.message ?? '') || (err.Fields ?? []).some((f) => words.test(f.Message ?? ''));
}

/** True for a 400 ValidationException (Network Manager also uses it for "state is invalid" while a resource is busy). */
export function isValidationException(error: unknown): boolean {
  return ((error ?? {}) as AwsLikeError).name === 'ValidationException';
}
