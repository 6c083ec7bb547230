import { CfnResource } from 'aws-cdk-lib';
import { aws_directconnect as dxRefs } from 'aws-cdk-lib/interfaces';
import { IConstruct } from 'constructs';
import { DirectConnectResourceScope, rejectWrongL1 } from './direct-connect-grants';
import { validateDirectConnectId } from './direct-connect-validation';
import { resourceIdFromArn } from '../core/arn-ids';

/** The virtual-interface L1s, which move their interface themselves through their `ConnectionId`. */
const VIRTUAL_INTERFACE_L1_TYPES = [
  'AWS::DirectConnect::PrivateVirtualInterface', 'AWS::DirectConnect::TransitVirtualInterface', 'AWS::DirectConnect::PublicVirtualInterface',
];

/**
 * The virtual interface a `VirtualInterfaceAssociation` moves: a private, transit or public virtual
 * interface, from its Ref (such as a `CfnPrivateVirtualInterface`), its ARN, or its id (`dxvif-…`).
 */
export class DirectConnectVirtualInterface {
  /**
   * A private virtual interface, from its Ref.
   *
   * @param vif the interface. Its `privateVirtualInterfaceRef.virtualInterfaceArn` names it.
   */
  public static fromPrivateVirtualInterface(vif: dxRefs.IPrivateVirtualInterfaceRef): DirectConnectVirtualInterface {
    rejectWrongL1('DirectConnectVirtualInterface.fromPrivateVirtualInterface', vif, VIRTUAL_INTERFACE_L1_TYPES[0]);
    return DirectConnectVirtualInterface.fromRef(vif, vif.privateVirtualInterfaceRef.virtualInterfaceArn);
  }

  /**
   * A transit virtual interface, from its Ref.
   *
   * @param vif the interface. Its `transitVirtualInterfaceRef.virtualInterfaceArn` names it.
   */
  public static fromTransitVirtualInterface(vif: dxRefs.ITransitVirtualInterfaceRef): DirectConnectVirtualInterface {
    rejectWrongL1('DirectConnectVirtualInterface.fromTransitVirtualInterface', vif, VIRTUAL_INTERFACE_L1_TYPES[1]);
    return DirectConnectVirtualInterface.fromRef(vif, vif.transitVirtualInterfaceRef.virtualInterfaceArn);
  }

  /**
   * A public virtual interface, from its Ref.
   *
   * @param vif the interface. Its `publicVirtualInterfaceRef.virtualInterfaceArn` names it.
   */
  public static fromPublicVirtualInterface(vif: dxRefs.IPublicVirtualInterfaceRef): DirectConnectVirtualInterface {
    rejectWrongL1('DirectConnectVirtualInterface.fromPublicVirtualInterface', vif, VIRTUAL_INTERFACE_L1_TYPES[2]);
    return DirectConnectVirtualInterface.fromRef(vif, vif.publicVirtualInterfaceRef.virtualInterfaceArn);
  }

  /**
   * A virtual interface by its id, such as `dxvif-fg5678gh`, in the stack's account and region. An id
   * known at synth is checked.
   *
   * @param id the id.
   */
  public static fromId(id: string): DirectConnectVirtualInterface {
    validateDirectConnectId('virtual interface id', id, ['dxvif']);
    return new DirectConnectVirtualInterface(id);
  }

  /**
   * A virtual interface by its ARN, such as
   * `arn:aws:directconnect:us-east-1:111122223333:dxvif/dxvif-fg5678gh`. A literal ARN must be a Direct
   * Connect `dxvif/…` ARN.
   *
   * @param arn the ARN.
   */
  public static fromArn(arn: string): DirectConnectVirtualInterface {
    return new DirectConnectVirtualInterface(resourceIdFromArn(arn, { service: 'directconnect', resourcePrefix: 'dxvif', what: 'virtual interface ARN' }), { arn });
  }

  private static fromRef(vif: IConstruct & { env: { account: string; region: string } }, arn: string): DirectConnectVirtualInterface {
    const id = resourceIdFromArn(arn, { service: 'directconnect', resourcePrefix: 'dxvif', what: `the ARN of ${vif.node.path}` });
    const l1 = CfnResource.isCfnResource(vif) && VIRTUAL_INTERFACE_L1_TYPES.includes(vif.cfnResourceType) ? vif : undefined;
    return new DirectConnectVirtualInterface(id, { arn, account: vif.env.account, region: vif.env.region }, l1);
  }

  /**
   * The interface's id, `dxvif-…`: the value itself for `fromId`, else a token that cuts it from the ARN
   * in the template.
   */
  public readonly virtualInterfaceId: string;

  /** @internal the ARN and environment, when a Ref or an ARN gave the interface. */
  public readonly _scope?: DirectConnectResourceScope;

  /** @internal the L1 in this app that declares the interface, if any. */
  public readonly _declaredBy?: CfnResource;

  private constructor(virtualInterfaceId: string, scope?: DirectConnectResourceScope, declaredBy?: CfnResource) {
    this.virtualInterfaceId = virtualInterfaceId;
    this._scope = scope;
    this._declaredBy = declaredBy;
  }
}
