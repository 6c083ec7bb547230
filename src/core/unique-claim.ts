import { IConstruct } from 'constructs';

/** Where an app's claims live: on its root construct, under a global symbol, so two copies of the library share them. */
const CLAIMS = Symbol.for('cdk-hybrid-connectivity.claims');

/**
 * Record that `claimant` owns `key` in its app, and return the construct that claimed it before, if
 * any. It replaces a walk of the whole construct tree per construct (quadratic in the number of
 * constructs, and the largest synth cost of a stack with hundreds of them) with one map lookup.
 */
export function priorClaim(claimant: IConstruct, key: string): IConstruct | undefined {
  const root = claimant.node.root as IConstruct & { [CLAIMS]?: Map<string, IConstruct> };
  const claims = root[CLAIMS] ??= new Map<string, IConstruct>();
  const prior = claims.get(key);
  // A claimant removed from the tree since (tryRemoveChild) no longer counts.
  if (prior && prior !== claimant && prior.node.scope?.node.tryFindChild(prior.node.id) === prior) return prior;
  claims.set(key, claimant);
  return undefined;
}
