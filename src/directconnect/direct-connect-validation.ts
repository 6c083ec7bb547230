import { Token } from 'aws-cdk-lib';
import { describeDirectConnectIdForm, directConnectIdPattern, DirectConnectIdKind } from './direct-connect-ids';
import { validatePattern } from '../core/validation';

/**
 * Synth-time checks of Direct Connect ids. Like every validator here they skip unresolved tokens and
 * quote the value they received.
 */
export function validateDirectConnectId(what: string, value: string, kinds: ReadonlyArray<DirectConnectIdKind>): void {
  validatePattern(what, value, directConnectIdPattern(kinds), describeDirectConnectIdForm(kinds));
}

/** Two ids that must differ, when both are known at synth time. */
export function validateDistinctIds(where: string, a: { name: string; value: string }, b: { name: string; value: string }, why: string): void {
  if (Token.isUnresolved(a.value) || Token.isUnresolved(b.value)) return;
  if (a.value === b.value) {
    throw new Error(`${where}: ${a.name} and ${b.name} are both '${a.value}'. ${why}`);
  }
}
