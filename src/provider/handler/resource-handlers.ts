/* eslint-disable @typescript-eslint/no-require-imports */
import { HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE } from '../../directconnect/hosted-connection-association-contract';
import { VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE } from '../../directconnect/virtual-interface-association-contract';
import { CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE } from '../../interconnect/connection-activation-key-contract';
import { CONNECTION_RESOURCE_TYPE } from '../../interconnect/connection-contract';
import { SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE } from '../../iotwireless/sidewalk-account-association-contract';
import { CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE } from '../../networkmanager/connect-peer-association-contract';
import type { HandlerTable, ResourceHandler } from '../../runtime/resource-handler';

/**
 * Which handler serves each resource type of this library. Handlers load on first use (`require` inside
 * the loader, which esbuild keeps lazy), so a cold start evaluates only the SDK client the request needs.
 */
export const RESOURCE_HANDLERS: HandlerTable = {
  [CONNECTION_RESOURCE_TYPE]: async () => (require('../../interconnect/handler/connection-handler') as { connectionHandler: ResourceHandler }).connectionHandler,
  [CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE]: async () => (require('../../interconnect/handler/connection-activation-key-handler') as { connectionActivationKeyHandler: ResourceHandler }).connectionActivationKeyHandler,
  [CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE]: async () => (require('../../networkmanager/handler/connect-peer-association-handler') as { connectPeerAssociationHandler: ResourceHandler }).connectPeerAssociationHandler,
  [SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE]: async () => (require('../../iotwireless/handler/sidewalk-account-association-handler') as { sidewalkAccountAssociationHandler: ResourceHandler }).sidewalkAccountAssociationHandler,
  [HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE]: async () => (require('../../directconnect/handler/hosted-connection-association-handler') as { hostedConnectionAssociationHandler: ResourceHandler }).hostedConnectionAssociationHandler,
  [VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE]: async () => (require('../../directconnect/handler/virtual-interface-association-handler') as { virtualInterfaceAssociationHandler: ResourceHandler }).virtualInterfaceAssociationHandler,
};
