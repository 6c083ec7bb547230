import { ArnFormat, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { directConnectIdKind, DirectConnectIdKind } from './direct-connect-ids';
import { arnScope } from '../core/arn-ids';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';

/**
 * The IAM side of a Direct Connect move: statements on the shared provider's role, scoped to the
 * `dxcon/<id>`, `dxlag/<id>` and `dxvif/<id>` ARNs a construct names, each group collapsing to the
 * account's and region's `dxcon/*` (or `dxlag/*`, `dxvif/*`) pattern when the policy nears IAM's size limit.
 */

/** What a move does to its target's tags: write its record, read it back on a rerun or a rollback, remove it when done. */
export const MOVE_RECORD_ACTIONS: string[] = ['directconnect:DescribeTags', 'directconnect:TagResource', 'directconnect:UntagResource'];

/**
 * Where a resource named by a Ref or an ARN lives. A Ref's `env` gives the account and region (tokens of
 * the stack that declares it, or the imported resource's own); for a bare ARN they come from the ARN.
 */
export interface DirectConnectResourceScope {
  readonly arn: string;
  readonly account?: string;
  readonly region?: string;
}

/** One resource a grant names: its id, the kinds it may be, and where it lives when a Ref or ARN gave it. */
export interface DirectConnectGrantTarget {
  readonly id: string;
  /** The kinds a token id may be; a literal id's prefix says its kind. */
  readonly kindsIfToken: ReadonlyArray<DirectConnectIdKind>;
  readonly scope?: DirectConnectResourceScope;
}

/** Per stack, the account patterns (`dxcon/*`, ...) by kind, account and region. */
const PATTERNS = new WeakMap<Stack, Map<string, string>>();

/** `arn:<partition>:directconnect:<region>:<account>:<kind>/<id>`; `*` as the id gives the account pattern. */
export function directConnectArn(scope: IConstruct, kind: DirectConnectIdKind, id: string, where?: { account?: string; region?: string }): string {
  const stack = Stack.of(scope);
  if (id !== '*') return formatDirectConnectArn(stack, kind, id, where);
  // Every construct grants on the same few account patterns: each is formatted once per stack.
  const key = `${kind}|${where?.account ?? ''}|${where?.region ?? ''}`;
  let patterns = PATTERNS.get(stack);
  if (!patterns) PATTERNS.set(stack, patterns = new Map());
  let pattern = patterns.get(key);
  if (pattern === undefined) patterns.set(key, pattern = formatDirectConnectArn(stack, kind, id, where));
  return pattern;
}

function formatDirectConnectArn(stack: Stack, kind: DirectConnectIdKind, id: string, where?: { account?: string; region?: string }): string {
  return stack.formatArn({
    service: 'directconnect',
    resource: kind,
    resourceName: id,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    ...(where?.account ? { account: where.account } : {}),
    ...(where?.region ? { region: where.region } : {}),
  });
}

/**
 * Allow `actions` on the given resources. An id that is a token may be either of `kindsIfToken` (a
 * connection or a LAG), so it is granted under each; an ARN of the wrong kind matches nothing. A resource
 * given by a Ref or an ARN is granted on that ARN itself, and collapses to the pattern of its own account
 * and region, so a LAG in another account is never granted as `dxlag/…` of this one, nor as `dxcon/arn:…`.
 */
export function grantOnIds(scope: IConstruct, actions: string[], ids: ReadonlyArray<DirectConnectGrantTarget>): void {
  const groups = new Map<string, { collapsedArn: string; resourceArns: string[] }>();
  for (const { id, kindsIfToken, scope: where } of ids) {
    const kinds = Token.isUnresolved(id) ? kindsIfToken : [directConnectIdKind(id)!];
    const env = where ? { account: where.account ?? arnScope(where.arn).account, region: where.region ?? arnScope(where.arn).region } : undefined;
    for (const kind of kinds) {
      const collapsedArn = directConnectArn(scope, kind, '*', env);
      const key = resolvedKey(scope, collapsedArn);
      const group = groups.get(key) ?? { collapsedArn, resourceArns: [] };
      group.resourceArns.push(where ? where.arn : directConnectArn(scope, kind, id));
      groups.set(key, group);
    }
  }
  const provider = HybridConnectivityProvider.of(scope);
  for (const { collapsedArn, resourceArns } of groups.values()) {
    provider.grant({ actions, resourceArns, collapsedArn });
  }
}

/** Per stack, a pattern's resolved form (as JSON) by the pattern's text: the same text always resolves the same. */
const RESOLVED_KEYS = new WeakMap<Stack, Map<string, string>>();

/**
 * The resolved pattern as a grouping key, so that two texts of one pattern (tokens of the same account
 * named two ways) merge. Resolving is the largest part of a grant's synth cost and every construct grants
 * the same few patterns, so each text is resolved once per stack.
 */
function resolvedKey(scope: IConstruct, pattern: string): string {
  const stack = Stack.of(scope);
  let keys = RESOLVED_KEYS.get(stack);
  if (!keys) RESOLVED_KEYS.set(stack, keys = new Map());
  let key = keys.get(pattern);
  if (key === undefined) keys.set(pattern, key = JSON.stringify(stack.resolve(pattern)));
  return key;
}

/**
 * A Ref interface says only what a resource carries, so another service's L1 of the same shape (the
 * Interconnect `CfnConnection` is an `IConnectionRef` too) type-checks; refuse it by its CloudFormation type.
 */
export function rejectWrongL1(where: string, ref: IConstruct, expectedType: string): void {
  if (CfnResource.isCfnResource(ref) && ref.cfnResourceType !== expectedType) {
    throw new Error(`${where}: ${ref.node.path} is a ${ref.cfnResourceType}. Expected a ${expectedType} (or its id with fromId).`);
  }
}

/**
 * Allow `actions` on every resource of the given kinds in the account and region: the stack's, or, for a
 * target given by a Ref or an ARN, the target's own (where a RESTORE's previous parent is too).
 */
export function grantOnAccount(scope: IConstruct, actions: string[], kinds: DirectConnectIdKind[], where?: DirectConnectResourceScope): void {
  const provider = HybridConnectivityProvider.of(scope);
  const env = where ? { account: where.account ?? arnScope(where.arn).account, region: where.region ?? arnScope(where.arn).region } : undefined;
  for (const kind of kinds) {
    const pattern = directConnectArn(scope, kind, '*', env);
    provider.grant({ actions, resourceArns: [pattern], collapsedArn: pattern });
  }
}

/**
 * Allow Describe calls made without an id (DescribeInterconnects, DescribeLags). Such a call names no
 * resource, and IAM authorizes it only against `*`.
 */
export function grantUnscopedDescribe(scope: IConstruct, actions: string[]): void {
  HybridConnectivityProvider.of(scope).grant({ actions, resourceArns: ['*'], collapsedArn: '*' });
}
