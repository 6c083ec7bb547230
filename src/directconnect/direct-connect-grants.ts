import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { directConnectIdKind, DirectConnectIdKind } from './direct-connect-ids';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';

/**
 * The IAM side of a Direct Connect move: statements on the shared provider's role, scoped to the
 * `dxcon/<id>`, `dxlag/<id>` and `dxvif/<id>` ARNs a construct names, each group collapsing to the
 * account's and region's `dxcon/*` (or `dxlag/*`, `dxvif/*`) pattern when the policy nears IAM's size limit.
 */

/** What a move does to its target's tags: write its record, read it back on a rerun or a rollback, remove it when done. */
export const MOVE_RECORD_ACTIONS: string[] = ['directconnect:DescribeTags', 'directconnect:TagResource', 'directconnect:UntagResource'];

/** `arn:<partition>:directconnect:<region>:<account>:<kind>/<id>`; `*` as the id gives the account pattern. */
export function directConnectArn(scope: IConstruct, kind: DirectConnectIdKind, id: string): string {
  return Stack.of(scope).formatArn({ service: 'directconnect', resource: kind, resourceName: id, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/**
 * Allow `actions` on the given ids. An id that is a token may be either of `kindsIfToken` (a connection
 * or a LAG), so it is granted under each; an ARN of the wrong kind matches nothing.
 */
export function grantOnIds(scope: IConstruct, actions: string[], ids: Array<{ id: string; kindsIfToken: DirectConnectIdKind[] }>): void {
  const byKind = new Map<DirectConnectIdKind, string[]>();
  for (const { id, kindsIfToken } of ids) {
    const kinds = Token.isUnresolved(id) ? kindsIfToken : [directConnectIdKind(id)!];
    for (const kind of kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), directConnectArn(scope, kind, id)]);
  }
  const provider = HybridConnectivityProvider.of(scope);
  for (const [kind, resourceArns] of byKind) {
    provider.grant({ actions, resourceArns, collapsedArn: directConnectArn(scope, kind, '*') });
  }
}

/** Allow `actions` on every resource of the given kinds in the account and region. */
export function grantOnAccount(scope: IConstruct, actions: string[], kinds: DirectConnectIdKind[]): void {
  const provider = HybridConnectivityProvider.of(scope);
  for (const kind of kinds) {
    const pattern = directConnectArn(scope, kind, '*');
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
