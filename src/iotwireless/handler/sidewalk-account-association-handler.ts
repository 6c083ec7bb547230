import { readAppServerPrivateKey } from './app-server-private-key';
import { SidewalkPartnerAccount, SidewalkPartnerApi } from './sidewalk-partner-api';
import { classifyError, TerminalError } from '../../runtime/errors';
import { LifecycleEvent, requireProperty } from '../../runtime/lifecycle-event';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryingCaller } from '../../runtime/retry';
import {
  SIDEWALK_ACCOUNT_ASSOCIATION_REPLACING_PROPERTIES, SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE, SIDEWALK_KEY_SOURCE_PROPERTIES,
  SidewalkAccountAssociationData, SidewalkAccountAssociationProperties,
} from '../sidewalk-account-association-contract';

let api: SidewalkPartnerApi | undefined;
const sidewalk = () => (api ??= new SidewalkPartnerApi());

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
  const p = props(event);
  const amazonId = requireProperty(p, 'AmazonId');
  const appServerPrivateKey = await readKey(ctx, p);
  let account: SidewalkPartnerAccount;
  try {
    account = await call(ctx, 'AssociateAwsAccountWithPartnerAccount', () => sidewalk().associate({
      amazonId,
      appServerPrivateKey,
      clientRequestToken: ctx.idempotencyToken('associate'),
      tags: tagsOf(p),
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
  const id = event.physicalResourceId!;
  const p = props(event);
  const rotated = changed(event, SIDEWALK_KEY_SOURCE_PROPERTIES);
  if (rotated) {
    const appServerPrivateKey = await readKey(ctx, p);
    await call(ctx, 'UpdatePartnerAccount', () => sidewalk().updateKey(id, appServerPrivateKey));
  }
  const want = tagsOf(p);
  const had = tagsOf(event.oldProperties);
  const removed = Object.keys(had).filter((k) => !(k in want));
  const added = Object.fromEntries(Object.entries(want).filter(([k, v]) => had[k] !== v));
  if (removed.length > 0 || Object.keys(added).length > 0) {
    const arn = (await call(ctx, 'GetPartnerAccount', () => sidewalk().get(id))).arn;
    if (!arn) throw new TerminalError(`Partner account ${id} has no ARN to tag. Retry the deployment.`);
    if (removed.length > 0) await call(ctx, 'UntagResource', () => sidewalk().untag(arn, removed));
    if (Object.keys(added).length > 0) await call(ctx, 'TagResource', () => sidewalk().tag(arn, added));
  }
  ctx.logger.info('partner account updated', { partnerAccountId: id, keyUpdated: rotated, tagsAdded: Object.keys(added).length, tagsRemoved: removed.length });
  return { physicalResourceId: id };
}

/**
 * The physical id is the Amazon ID; after a failed create CloudFormation holds the request id instead,
 * and nothing was made.
 */
function ownsPhysicalId(event: LifecycleEvent): boolean {
  return !!event.physicalResourceId && event.physicalResourceId === event.properties.AmazonId;
}

async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const id = event.physicalResourceId ?? '';
  if (!ownsPhysicalId(event)) return { physicalResourceId: id };
  try {
    await call(ctx, 'DisassociateAwsAccountFromPartnerAccount', () => sidewalk().disassociate(id));
    ctx.logger.info('partner account disassociated', { partnerAccountId: id });
  } catch (err) {
    if (classifyError(err) !== 'notFound') throw err;
    ctx.logger.info('partner account already gone', { partnerAccountId: id });
  }
  return { physicalResourceId: id };
}

async function isComplete(event: LifecycleEvent): Promise<IsCompleteResult> {
  const id = event.physicalResourceId ?? '';
  if (event.requestType === 'Delete') {
    if (!ownsPhysicalId(event)) return { isComplete: true };
    try {
      await sidewalk().get(id);
      return { isComplete: false, progress: `partner account ${id} is still associated` };
    } catch (err) {
      if (classifyError(err) === 'notFound') return { isComplete: true, progress: `partner account ${id} is disassociated` };
      throw err;
    }
  }
  try {
    const account = await sidewalk().get(id);
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
