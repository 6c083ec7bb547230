import { Duration, Token } from 'aws-cdk-lib';
import { MAX_WAIT_TIMEOUT_SECONDS } from '../provider/provider-contract';

/**
 * Synth-time checks shared by every construct. Each one skips unresolved tokens (their value is only
 * known at deploy time) and throws a message that quotes the value received and says what is expected.
 */

/** A value must match a pattern; `what` names the prop, `expected` describes the form in words. */
export function validatePattern(what: string, value: string | undefined, pattern: RegExp, expected: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!anchoredPattern(pattern).test(value)) {
    throw new Error(`Invalid ${what}: '${value}'. Expected ${expected}.`);
  }
}

/** Whole-value forms of the patterns, by source and flags: every construct of a type checks against the same few. */
const ANCHORED = new Map<string, RegExp>();

function anchoredPattern(pattern: RegExp): RegExp {
  const key = `${pattern.flags}/${pattern.source}`;
  let anchored = ANCHORED.get(key);
  if (!anchored) ANCHORED.set(key, anchored = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, '')));
  return anchored;
}

/** A string's length must lie within bounds. */
export function validateLength(what: string, value: string | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (value.length < min || value.length > max) {
    throw new Error(`Invalid ${what}: '${value}' is ${value.length} characters long. Expected ${min} to ${max} characters.`);
  }
}

/** A whole number must lie within bounds. */
export function validateRange(what: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Invalid ${what}: ${value}. Expected a whole number from ${min} to ${max}.`);
  }
}

/** Exactly one of a set of props may be given. */
export function validateExactlyOne(props: Record<string, unknown>, context: string): string {
  const given = Object.entries(props).filter(([, v]) => v !== undefined).map(([k]) => k);
  if (given.length !== 1) {
    const names = Object.keys(props).map((n) => `'${n}'`).join(' or ');
    throw new Error(given.length === 0
      ? `${context}: set ${names}.`
      : `${context}: set only one of ${names}, but got ${given.map((n) => `'${n}'`).join(' and ')}.`);
  }
  return given[0];
}

/** The construct's wait limit, in whole seconds, within what the shared provider allows. */
export function waitTimeoutSeconds(what: string, timeout: Duration | undefined, fallbackSeconds: number): number {
  if (timeout === undefined) return fallbackSeconds;
  const seconds = timeout.toSeconds({ integral: false });
  // The limit is checked here, against the provider's own timeouts, and nowhere at deploy time: a token
  // (a parameter, an imported value) would reach the handlers unchecked, so it is refused rather than
  // silently replaced.
  if (Token.isUnresolved(seconds)) {
    throw new Error(`Invalid ${what}: the Duration is a token (such as a CfnParameter), whose value is known only at deploy time. ` +
      `Give a literal Duration from 1 second to ${MAX_WAIT_TIMEOUT_SECONDS / 60} minutes, such as Duration.minutes(30).`);
  }
  if (seconds < 1 || seconds > MAX_WAIT_TIMEOUT_SECONDS) {
    throw new Error(`Invalid ${what}: ${timeout.toHumanString()}. Expected 1 second to ${MAX_WAIT_TIMEOUT_SECONDS / 60} minutes ` +
      '(CloudFormation waits at most one hour for a custom resource).');
  }
  return Math.ceil(seconds);
}

/** Tag keys and values within the limits every service here shares. */
export function validateTags(what: string, tags: Record<string, string> | undefined): void {
  if (!tags) return;
  for (const [key, value] of Object.entries(tags)) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue;
    if (key.length < 1 || key.length > 128) throw new Error(`Invalid ${what} tag key '${key}'. Expected 1 to 128 characters.`);
    if (value.length > 256) throw new Error(`Invalid ${what} tag value for '${key}': '${value}'. Expected at most 256 characters.`);
  }
}
