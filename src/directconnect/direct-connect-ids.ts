/**
 * The forms of Direct Connect ids. Construct and handler code both import this module, so it holds
 * plain values only (no aws-cdk-lib), which keeps the handler bundle free of construct code.
 *
 * Direct Connect issues ids as a type prefix and eight lower-case letters or digits. Interconnects,
 * dedicated connections and hosted connections all share the `dxcon-` prefix, so an id alone cannot
 * tell an interconnect from a hosted connection; only `dxlag-` and `dxvif-` say what they are.
 */
export type DirectConnectIdKind = 'dxcon' | 'dxlag' | 'dxvif';

export const DIRECT_CONNECT_ID_SUFFIX = '[a-z0-9]{8}';

/** The pattern of an id of one of the given kinds (unanchored; validators anchor it). */
export function directConnectIdPattern(kinds: ReadonlyArray<DirectConnectIdKind>): RegExp {
  return new RegExp(`(?:${kinds.join('|')})-${DIRECT_CONNECT_ID_SUFFIX}`);
}

/** True if `value` is a whole id of one of the given kinds. */
export function isDirectConnectId(value: string, kinds: ReadonlyArray<DirectConnectIdKind>): boolean {
  return new RegExp(`^${directConnectIdPattern(kinds).source}$`).test(value);
}

/** What an id's prefix says it is, or undefined for anything else. */
export function directConnectIdKind(value: string): DirectConnectIdKind | undefined {
  const prefix = /^(dxcon|dxlag|dxvif)-/.exec(value)?.[1];
  return prefix as DirectConnectIdKind | undefined;
}

/** The words a message uses for the expected form, e.g. `'dxcon-' or 'dxlag-' followed by 8 lower-case letters or digits`. */
export function describeDirectConnectIdForm(kinds: ReadonlyArray<DirectConnectIdKind>): string {
  const prefixes = kinds.map((k) => `'${k}-'`).join(' or ');
  const example = kinds.map((k) => `${k}-fg5678gh`).join(' or ');
  return `${prefixes} followed by 8 lower-case letters or digits, such as ${example}`;
}
