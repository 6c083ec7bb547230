import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as networkmanager from 'aws-cdk-lib/aws-networkmanager';
import { LifecycleStage, StageBuilder, synthStage } from './lifecycle-stages';
import { ConnectPeerAssociation } from '../../src';

/** The construct under test, as each stage of its lifecycle deploys it. */
export const build: StageBuilder = (stack, stage) => {
  // Create: a Cloud WAN Connect peer associated with a branch router and its link, both declared in the
  // same stack. Update in place: another device and link (the association moves), and the wait limit.
  // Replace: another Connect peer.
  const globalNetwork = new networkmanager.CfnGlobalNetwork(stack, 'GlobalNetwork', { description: 'branches' });
  const site = new networkmanager.CfnSite(stack, 'Frankfurt', { globalNetworkId: globalNetwork.attrId });
  const updated = stage === LifecycleStage.UPDATE_IN_PLACE;
  const routerName = updated ? 'BranchRouterB' : 'BranchRouterA';
  const device = new networkmanager.CfnDevice(stack, routerName, { globalNetworkId: globalNetwork.attrId, siteId: site.attrSiteId });
  const link = new networkmanager.CfnLink(stack, `${routerName}Uplink`, {
    globalNetworkId: globalNetwork.attrId,
    siteId: site.attrSiteId,
    bandwidth: { downloadSpeed: 1000, uploadSpeed: 1000 },
  });
  const linkAssociation = new networkmanager.CfnLinkAssociation(stack, `${routerName}UplinkAssociation`, {
    globalNetworkId: globalNetwork.attrId,
    deviceId: device.attrDeviceId,
    linkId: link.attrLinkId,
  });

  // The L1s go in as their Ref interfaces: the device names the global network, and the handler's grants
  // use the device's and the global network's own ARNs.
  const peer = new ConnectPeerAssociation(stack, 'BranchRouterPeer', {
    globalNetwork,
    connectPeerId: stage === LifecycleStage.REPLACE ? 'connect-peer-0fedcba9876543210' : 'connect-peer-0123456789abcdef0',
    device,
    link,
    waitTimeout: updated ? Duration.minutes(40) : Duration.minutes(20),
  });
  peer.node.addDependency(linkAssociation);
  new CfnOutput(stack, 'PeerState', { value: peer.state });
};

if (require.main === module) {
  synthStage('ConnectPeerAssociation', LifecycleStage.CREATE, build);
}
