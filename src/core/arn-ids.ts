import { Arn, ArnFormat, Fn, Token } from 'aws-cdk-lib';

/**
 * Ids from ARNs, token-safely. aws-cdk-lib's Ref interfaces (`aws-cdk-lib/interfaces`) carry ARNs, while
 * the services' APIs, the handlers and the physical ids here take ids (`dxlag-…`, `connect-peer-…`). An
 * ARN known at synth is checked (its service and resource type) and cut at synth; an ARN that is a token
 * (`Ref` of a `CfnLag`, a `Fn::GetAtt`) is cut by CloudFormation with `Fn::Split` and `Fn::Select`, the way
 * `Arn.split` does it, so the id never carries the ARN's colons.
 */

/** Which ARN an id is cut from, for `resourceIdFromArn`. */
export interface ArnIdOptions {
  /** The service the ARN must name, such as `directconnect` or `networkmanager`. */
  readonly service: string;
  /**
   * The resource type before the first `/` of the ARN's resource part, such as `dxlag` in
   * `arn:aws:directconnect:us-east-1:111122223333:dxlag/dxlag-ffrz71kw`. An array accepts any of them
   * (a target that may be a connection or a LAG).
   */
  readonly resourcePrefix: string | ReadonlyArray<string>;
  /**
   * Which `/`-separated piece of the resource part is the id: 1 (the default) for `dxlag/dxlag-…`, 2 for
   * `device/<global-network-id>/<device-id>`.
   */
  readonly idIndex?: number;
  /** What an error message calls the value, such as `target` or `connectPeer`. Defaults to `ARN`. */
  readonly what?: string;
}

/** The parts of an ARN that a grant scopes to; each is a token when the ARN's part is. */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/**
 * The id an ARN ends in. A literal ARN (or one whose service and resource part are literal, such as
 * `Stack.formatArn` output in an environment-agnostic stack) is checked, and a wrong service or resource
 * type throws a message that quotes the ARN and says what was expected.
 */
export function resourceIdFromArn(arn: string, options: ArnIdOptions): string {
  const what = options.what ?? 'ARN';
  const prefixes: ReadonlyArray<string> = typeof options.resourcePrefix === 'string' ? [options.resourcePrefix] : options.resourcePrefix;
  const index = options.idIndex ?? 1;
  const expected = `an ARN of service '${options.service}' whose resource is ${prefixes.map((p) => `'${p}/…'`).join(' or ')}, ` +
    `such as arn:aws:${options.service}:us-east-1:111122223333:${prefixes[0]}/${index > 1 ? '…/' : ''}<id>`;

  if (!Token.isUnresolved(arn) && !arn.startsWith('arn:')) {
    throw new Error(`Invalid ${what}: '${arn}'. Expected ${expected}.`);
  }
  if (arn.startsWith('arn:')) {
    const parts = arn.split(':');
    if (parts.length < 6 || !parts[2] || !parts[5]) throw new Error(`Invalid ${what}: '${arn}'. Expected ${expected}.`);
    const service = parts[2];
    if (!Token.isUnresolved(service) && service !== options.service) {
      throw new Error(`Invalid ${what}: '${arn}' is an ARN of service '${service}'. Expected ${expected}.`);
    }
    const resourcePart = parts.slice(5).join(':');
    if (!Token.isUnresolved(resourcePart)) {
      const pieces = resourcePart.split('/');
      if (!prefixes.includes(pieces[0]) || !pieces[index]) {
        throw new Error(`Invalid ${what}: '${arn}' names resource '${resourcePart}'. Expected ${expected}.`);
      }
      return pieces[index];
    }
  }
  // CloudFormation cuts it: the sixth ':'-field, then the index-th '/'-piece (as Arn.split does for tokens).
  return Fn.select(index, Fn.split('/', Fn.select(5, Fn.split(':', arn))));
}

/** The service an ARN names when synth knows it, else undefined. */
export function literalArnService(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const service = arn.split(':')[2];
  return service && !Token.isUnresolved(service) ? service : undefined;
}

/**
 * The partition, region and account of an ARN, each literal when the ARN's part is, else a token that
 * CloudFormation resolves. A grant built from them stays in the ARN's own account and region.
 */
export function arnScope(arn: string): ArnScope {
  const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  return { partition: parts.partition!, region: parts.region!, account: parts.account! };
}
