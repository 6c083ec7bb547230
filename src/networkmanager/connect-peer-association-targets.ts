import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import type { ConnectPeerAssociationProps } from './connect-peer-association';

/**
 * What a `ConnectPeerAssociation` associates, from its props: each of the global network, the Connect
 * peer, the device and the link given as an id or as a Ref (`aws-cdk-lib/interfaces`), never both, and the
 * ARNs its grants are scoped to, in the accounts the Refs name.
 */
export interface ConnectPeerAssociationTargets {
  readonly globalNetworkId: string;
  readonly connectPeerId: string;
  readonly deviceId: string;
  readonly linkId?: string;
  readonly globalNetworkArn: string;
  readonly connectPeerArn: string;
  readonly deviceArn: string;
}

/** The props the targets are read from. */
export type ConnectPeerAssociationTargetProps = Pick<ConnectPeerAssociationProps,
'globalNetworkId' | 'globalNetwork' | 'connectPeerId' | 'connectPeer' | 'deviceId' | 'device' | 'linkId' | 'link'>;

/**
 * A Network Manager ARN. Network Manager is global: its ARNs have no region, whichever region the stack is in.
 */
export function networkManagerArn(stack: Stack, account: string, resource: string, resourceName: string): string {
  return stack.formatArn({ service: 'networkmanager', region: '', account, resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** Read the targets, failing at synth with a message that names the props when they conflict. */
export function connectPeerAssociationTargets(where: string, stack: Stack, props: ConnectPeerAssociationTargetProps): ConnectPeerAssociationTargets {
  oneOf(where, 'Connect peer', { connectPeerId: props.connectPeerId, connectPeer: props.connectPeer }, true);
  oneOf(where, 'device', { deviceId: props.deviceId, device: props.device }, true);
  oneOf(where, 'link', { linkId: props.linkId, link: props.link }, false);
  oneOf(where, 'global network', { globalNetworkId: props.globalNetworkId, globalNetwork: props.globalNetwork }, false);

  // Every source of the global network id; the first one given is the association's, and any two that
  // synth can read must agree (a device of one global network cannot be associated in another).
  const candidates: Array<[string, string | undefined]> = [
    ['globalNetworkId', props.globalNetworkId],
    ['globalNetwork', props.globalNetwork?.globalNetworkRef.globalNetworkId],
    ['device', props.device?.deviceRef.globalNetworkId],
    ['link', props.link?.linkRef.globalNetworkId],
  ];
  const given = candidates.filter((c): c is [string, string] => c[1] !== undefined);
  if (given.length === 0) {
    throw new Error(`${where}: set globalNetworkId or globalNetwork: a deviceId '${props.deviceId}' does not say which global network ` +
      'it is in (a device given as a reference, such as a CfnDevice, does).');
  }
  const literal = given.filter(([, id]) => !Token.isUnresolved(id));
  for (const [name, id] of literal.slice(1)) {
    if (id !== literal[0][1]) {
      throw new Error(`${where}: ${name} is in global network '${id}', but ${literal[0][0]} names global network '${literal[0][1]}'. ` +
        'The Connect peer, the device and the link must all be in one global network.');
    }
  }
  const globalNetworkId = given[0][1];
  const connectPeerId = props.connectPeerId ?? props.connectPeer!.connectPeerRef.connectPeerId;
  const deviceId = props.deviceId ?? props.device!.deviceRef.deviceId;
  const linkId = props.linkId ?? props.link?.linkRef.linkId;

  // Grants stay in the account each reference names; a plain id is in the stack's account.
  const networkAccount = props.globalNetwork?.env.account ?? props.device?.env.account ?? stack.account;
  return {
    globalNetworkId,
    connectPeerId,
    deviceId,
    linkId,
    globalNetworkArn: props.globalNetwork?.globalNetworkRef.globalNetworkArn
      ?? networkManagerArn(stack, networkAccount, 'global-network', globalNetworkId),
    connectPeerArn: networkManagerArn(stack, props.connectPeer?.env.account ?? stack.account, 'connect-peer', connectPeerId),
    deviceArn: props.device?.deviceRef.deviceArn ?? networkManagerArn(stack, stack.account, 'device', `${globalNetworkId}/${deviceId}`),
  };
}

/** Two props that name one thing: at most one of them, and, when `required`, exactly one. */
function oneOf(where: string, thing: string, props: Record<string, unknown>, required: boolean): void {
  const names = Object.keys(props);
  const given = names.filter((n) => props[n] !== undefined);
  if (given.length > 1) {
    throw new Error(`${where}: set only one of '${names[0]}' and '${names[1]}': both name the ${thing}. ` +
      `Keep '${names[1]}' to pass a reference (such as an L1 construct), or '${names[0]}' to pass an id.`);
  }
  if (required && given.length === 0) {
    throw new Error(`${where}: set '${names[0]}' (an id) or '${names[1]}' (a reference, such as an L1 construct) to name the ${thing}.`);
  }
}
