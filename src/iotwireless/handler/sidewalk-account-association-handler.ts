import { readAppServerPrivateKey } from './app-server-private-key';
import { SidewalkPartnerAccount, SidewalkPartnerApi } from './sidewalk-partner-api';
import { homeRegionIn, partitionOfDeployment } from '../../core/aws-partitions';
import { classifyError, TerminalError } from '../../runtime/errors';
import { idempotencyToken } from '../../runtime/idempotency-token';
import { LifecycleEvent, requireProperty } from '../../runtime/lifecycle-event';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryingCaller } from '../../runtime/retry';
import {
  SIDEWALK_ACCOUNT_ASSOCIATION_REPLACING_PROPERTIES, SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE, SIDEWALK_KEY_SOURCE_PROPERTIES, SIDEWALK_OWNER_TAG,
  SIDEWALK_REGIONS, SidewalkAccountAssociationData, SidewalkAccountAssociationProperties,
} from '../sidewalk-account-association-contract';

/** One client per region (a Lambda serves one partition, but tests drive several). */
const apis = new Map<string, SidewalkPartnerApi>();
/** Data key from onEvent to isComplete on Delete: whether a disassociation was made, so there is something to wait for. */
const DISASSOCIATED = 'Disassociated';

/** The IoT Wireless client for the stack's partition, or undefined where Sidewalk is not served. */
function apiFor(event: LifecycleEvent): SidewalkPartnerApi | undefined {
  const region = homeRegionIn(SIDEWALK_REGIONS, partitionOfDeployment(event.stackId, process.env.AWS_REGION));
  if (!region) return undefined;
  let api = apis.get(region);
  if (!api) apis.set(region, (api = new SidewalkPartnerApi(region)));
  return api;
}

function requireApi(event: LifecycleEvent): SidewalkPartnerApi {
  const api = apiFor(event);
  if (api) return api;
  const partition = partitionOfDeployment(event.stackId, process.env.AWS_REGION);
  throw new TerminalError(`Amazon Sidewalk (AWS IoT Wireless) is not served in partition ${partition}: partner accounts exist in ` +
    `${Object.entries(SIDEWALK_REGIONS).map(([p, r]) => `${r} (${p})`).join(', ')} only. Deploy the SidewalkAccountAssociation in a stack of that partition.`);
}

/** This stack's and logical id's mark: the value of the owner tag on partner accounts it associated. */
function markOf(event: LifecycleEvent): string {
  return idempotencyToken(event.stackId, event.logicalResourceId, '', 'sidewalk-owner');
}

/** Retried for IAM propagation, throttling and 5xx; the client token keeps a retried associate to one account. */
const call = retryingCaller();

function props(event: LifecycleEvent): SidewalkAccountAssociationProperties {
  return event.properties as SidewalkAccountAssociationProperties;
}

function tagsOf(p: Partial<SidewalkAccountAssociationProperties> | undefined): Record<string, string> {
  return { ...(p?.Tags ?? {}) };
}

function changed(event: LifecycleEvent, names: ReadonlyArray<keyof SidewalkAccountAssociationProperties>): boolean {
  const now = event.properties;
  const before = event.oldProperties ?? {};
  return names.some((name) => (now[name] ?? '') !== (before[name] ?? ''));
}

function readKey(ctx: HandlerContext, p: SidewalkAccountAssociationProperties): Promise<string> {
  return call(ctx, 'GetSecretValue', () => readAppServerPrivateKey({
    secretArn: requireProperty(p, 'AppServerPrivateKeySecretArn'),
    jsonField: p.AppServerPrivateKeySecretField,
    versionId: p.AppServerPrivateKeyVersionId,
  }));
}

function attributesOf(account: SidewalkPartnerAccount): SidewalkAccountAssociationData {
  return {
    PartnerAccountId: account.partnerAccountId,
    PartnerAccountArn: account.arn ?? '',
    Fingerprint: account.fingerprint ?? '',
  };
}

async function create(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const sidewalk = requireApi(event);
  const p = props(event);
  const amazonId = requireProperty(p, 'AmazonId');
  const appServerPrivateKey = await readKey(ctx, p);
  let account: SidewalkPartnerAccount;
  try {
    // The owner tag travels with the association itself, so even a create CloudFormation cancels right
    // after this call leaves a partner account its rollback Delete can recognise.
    account = await call(ctx, 'AssociateAwsAccountWithPartnerAccount', () => sidewalk.associate({
      amazonId,
      appServerPrivateKey,
      clientRequestToken: ctx.idempotencyToken('associate'),
      tags: { ...tagsOf(p), [SIDEWALK_OWNER_TAG]: markOf(event) },
    }));
  } catch (err) {
    if (classifyError(err) === 'conflict') {
      throw new TerminalError(`Amazon ID ${amazonId} is already associated with this AWS account by another request. ` +
        'Disassociate it first (aws iotwireless disassociate-aws-account-from-partner-account --partner-type Sidewalk), ' +
        'or reference it with SidewalkAccountAssociation.fromPartnerAccountId.');
    }
    throw err;
  }
  ctx.logger.info('partner account associated', { partnerAccountId: account.partnerAccountId });
  return { physicalResourceId: account.partnerAccountId, data: { PartnerAccountId: account.partnerAccountId, PartnerAccountArn: account.arn ?? '' } };
}

async function update(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const sidewalk = requireApi(event);
  const id = event.physicalResourceId!;
  const p = props(event);
  const rotated = changed(event, SIDEWALK_KEY_SOURCE_PROPERTIES);
  if (rotated) {
    const appServerPrivateKey = await readKey(ctx, p);
    await call(ctx, 'UpdatePartnerAccount', () => sidewalk.updateKey(id, appServerPrivateKey));
  }
  const want = tagsOf(p);
  const had = tagsOf(event.oldProperties);
  // The owner tag is the handler's own, never in the properties: it is never removed here.
  const removed = Object.keys(had).filter((k) => !(k in want) && k !== SIDEWALK_OWNER_TAG);
  const added = Object.fromEntries(Object.entries(want).filter(([k, v]) => had[k] !== v));
  if (removed.length > 0 || Object.keys(added).length > 0) {
    const arn = (await call(ctx, 'GetPartnerAccount', () => sidewalk.get(id))).arn;
    if (!arn) throw new TerminalError(`Partner account ${id} has no ARN to tag. Retry the deployment.`);
    if (removed.length > 0) await call(ctx, 'UntagResource', () => sidewalk.untag(arn, removed));
    if (Object.keys(added).length > 0) await call(ctx, 'TagResource', () => sidewalk.tag(arn, added));
  }
  ctx.logger.info('partner account updated', { partnerAccountId: id, keyUpdated: rotated, tagsAdded: Object.keys(added).length, tagsRemoved: removed.length });
  return { physicalResourceId: id };
}

/** The form of an Amazon ID (`amzn1.account.…`), the physical ids this library gives. */
const AMAZON_ID_FORM = /^amzn1\./;

/** The physical id this library gives the resource: the Amazon ID. */
function ownsPhysicalId(event: LifecycleEvent): boolean {
  return !!event.physicalResourceId && event.physicalResourceId === event.properties.AmazonId;
}

/**
 * Delete. With this library's physical id (the Amazon ID), CloudFormation confirms the create succeeded:
 * the partner account is disassociated. With any other physical id (CloudFormation cancelled the create,
 * which may already have associated), the partner account named in the properties is disassociated only
 * when it carries this stack's owner tag: the cancelled create's own work, never another's.
 */
async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const id = event.physicalResourceId ?? '';
  const sidewalk = apiFor(event);
  // Where Sidewalk is not served the create failed before making anything.
  if (!sidewalk) return { physicalResourceId: id };
  // An Amazon ID other than the properties' is still a physical id of this library (another partner
  // account's): it names what to act on. Any other text is CloudFormation's own; the properties say then.
  const amazonId = ownsPhysicalId(event) || AMAZON_ID_FORM.test(id) ? id : String(event.properties.AmazonId ?? '');
  if (!amazonId) return { physicalResourceId: id };
  if (!ownsPhysicalId(event)) {
    let arn: string | undefined;
    try {
      arn = (await call(ctx, 'GetPartnerAccount', () => sidewalk.get(amazonId))).arn;
    } catch (err) {
      if (classifyError(err) !== 'notFound') throw err;
      ctx.logger.info('no partner account to undo', { physicalResourceId: id });
      return { physicalResourceId: id };
    }
    const tags = arn ? await call(ctx, 'ListTagsForResource', () => sidewalk.tagsOf(arn!)) : {};
    if (tags[SIDEWALK_OWNER_TAG] !== markOf(event)) {
      ctx.logger.warn('the partner account was not associated by this resource; leaving it', { physicalResourceId: id, partnerAccountId: amazonId });
      return { physicalResourceId: id };
    }
  }
  try {
    await call(ctx, 'DisassociateAwsAccountFromPartnerAccount', () => sidewalk.disassociate(amazonId));
    ctx.logger.info('partner account disassociated', { partnerAccountId: amazonId });
    return { physicalResourceId: id, data: { [DISASSOCIATED]: amazonId } };
  } catch (err) {
    if (classifyError(err) !== 'notFound') throw err;
    ctx.logger.info('partner account already gone', { partnerAccountId: amazonId });
    return { physicalResourceId: id };
  }
}

async function isComplete(event: LifecycleEvent): Promise<IsCompleteResult> {
  const id = event.physicalResourceId ?? '';
  if (event.requestType === 'Delete') {
    const amazonId = event.data[DISASSOCIATED];
    if (!amazonId) return { isComplete: true };
    try {
      await requireApi(event).get(amazonId);
      return { isComplete: false, progress: `partner account ${amazonId} is still associated` };
    } catch (err) {
      if (classifyError(err) === 'notFound') return { isComplete: true, progress: `partner account ${amazonId} is disassociated` };
      throw err;
    }
  }
  try {
    const account = await requireApi(event).get(id);
    return { isComplete: true, data: { ...attributesOf(account) }, progress: `partner account ${id} is associated` };
  } catch (err) {
    if (classifyError(err) === 'notFound') return { isComplete: false, progress: `partner account ${id} is not visible yet` };
    throw err;
  }
}

/** The lifecycle of `Custom::SidewalkAccountAssociation`. */
export const sidewalkAccountAssociationHandler: ResourceHandler = {
  resourceType: SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE,
  async onEvent(event, ctx) {
    switch (event.requestType) {
      case 'Create':
        return create(event, ctx);
      case 'Update':
        return changed(event, SIDEWALK_ACCOUNT_ASSOCIATION_REPLACING_PROPERTIES) ? create(event, ctx) : update(event, ctx);
      case 'Delete':
        return remove(event, ctx);
    }
  },
  isComplete,
};
