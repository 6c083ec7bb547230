import { formatAssociationId, parseAssociationId } from './association-physical-id';
import { DirectConnectApi, isDirectConnectNotFound } from './direct-connect-api';
import { ElectionOutcome, electionOutcome, moveNonce, moveSettleMs } from './move-election';
import { MoveRecord, moveOwnerToken, moveRecordKey, moveRecordTag, readMoveRecord, StackPlace, stackPlace, targetArn } from './move-record';
import { AwsLikeError, classifyError, describeError, TerminalError } from '../../runtime/errors';
import type { LifecycleEvent } from '../../runtime/lifecycle-event';
import { requireProperty } from '../../runtime/lifecycle-event';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryingCaller, sleep, withRetries } from '../../runtime/retry';
import { isDirectConnectId } from '../direct-connect-ids';
import type { Placement } from '../lookup/placement';

/**
 * The lifecycle both Direct Connect moves share: read where the resource is, record it in the physical id
 * (and, while the move is in flight, on the target), associate, wait until it is steady on the target, and
 * on delete leave it or move it back, but only while it is still where this association put it.
 */

/**
 * How long after a move starts a read that cannot see the moved resource on its target (an empty list, or
 * "Could not find") still means "not yet" rather than "it is gone". Assumed: Direct Connect's documentation
 * says nothing of how soon its Describe calls show an association (see move-election.ts), and a list read
 * right after the move may come from a replica that has not seen it. Past this grace the resource is taken
 * as deleted, as before; the construct's wait limit bounds the wait either way. As long as the grace for
 * AccessDenied while IAM propagates (runtime/dispatch.ts), for the same reason: a read that lags a write.
 */
export const NOT_VISIBLE_GRACE_MS = 120_000;

/** Data key set by a RESTORE delete for isComplete: the parent it is moving back to. */
export const RESTORING_TO_DATA_KEY = 'RestoringTo';

/** How a resource's state reads, for a given request. */
export type Verdict = 'steady' | 'waiting' | 'terminal';

/** What one kind of move (hosted connection, virtual interface) plugs into the lifecycle. */
export interface MoveSpec<S> {
  readonly resourceType: string;
  /** `hosted connection`, `virtual interface`. */
  readonly noun: string;
  /** Property names of the moved id and the target id. */
  readonly movedIdProperty: string;
  readonly targetIdProperty: string;
  /** What a "not found" reason adds: which account must deploy the stack. */
  readonly whoMayMove: string;
  /** The property that says where the resource is before the move, when the user knows: a hint for `locate`. */
  readonly currentParentProperty?: string;
  /**
   * Where the resource is now, or undefined when this account cannot see it. `thorough` is set before a move,
   * when the previous parent must be found; polls and deletes only need to know whether it is on `expectedParentId`.
   * `lastSeenOn` is where it most likely is (an update's previous target), read first where that costs a call;
   * `currentParent` where the user says it is (the `currentParentProperty`), read next: hints, each confirmed by a read.
   */
  locate(api: DirectConnectApi, movedId: string, expectedParentId: string, thorough: boolean, lastSeenOn?: string,
    currentParent?: string): Promise<Placement<S> | undefined>;
  /** Checks before a move that fail with a TerminalError, such as a hosted-connection interface sent to a LAG. */
  checkMove?(api: DirectConnectApi, placement: Placement<S>, targetId: string): Promise<void>;
  associate(api: DirectConnectApi, movedId: string, targetId: string): Promise<void>;
  stateOf(subject: S): string;
  verdict(subject: S, properties: Record<string, any>): Verdict;
  /** When the resource waits for its owner (another account) to accept it: the sentence that says who and how. */
  awaitsOwner?(subject: S): string | undefined;
  /** The advice that follows "… is <state>" when the state is terminal. */
  terminalAdvice(state: string): string;
  attributes(subject: S, targetId: string, previousId: string | undefined): Record<string, string>;
}

/**
 * One client per Lambda container and set of credentials, made on first use so that tests can set the
 * endpoint first. In Lambda the credentials never change within a container; a local runner that plays
 * several accounts in one process signs each stack's calls with its own key, and gets a client for it.
 */
let shared: { key: string | undefined; api: DirectConnectApi } | undefined;
const defaultApi = () => {
  const key = process.env.AWS_ACCESS_KEY_ID;
  if (!shared || shared.key !== key) shared = { key, api: new DirectConnectApi() };
  return shared.api;
};

const call = retryingCaller({ notFoundRules: [isDirectConnectNotFound] });

/**
 * The API with every call retried on its own (throttling, 5xx, AccessDenied while a role propagates), for
 * onEvent. Finding a hosted connection takes several Describe calls in a row; retrying the whole search
 * would start it over at every throttle, and under heavy throttling (many moves in one stack) it would
 * rarely get to the end. isComplete uses the plain API: there, a failed read is "not yet".
 */
function retrying(target: DirectConnectApi, ctx: HandlerContext): DirectConnectApi {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => call(ctx, String(prop), () => value.apply(obj, args));
    },
  });
}

/**
 * The move record's calls are best effort: a refusal (a role without the tag actions, a target at its tag
 * limit) is final at once, never retried like AccessDenied while a role propagates; only throttling and
 * 5xx are tried again, a few times.
 */
function bestEffort<T>(ctx: HandlerContext, what: string, fn: () => Promise<T>): Promise<T> {
  return withRetries(fn, {
    retryOn: ['throttling', 'transient'],
    maxAttempts: 4,
    notFoundRules: [isDirectConnectNotFound],
    logger: ctx.logger,
    what,
    timeLeftMs: ctx.invocationRemainingMs.bind(ctx),
  });
}

/** How a delete leaves the moved resource: RETAIN unless the property says RESTORE (the move preflight reads it the same way). */
export function removalBehavior(properties: Record<string, any>): 'RETAIN' | 'RESTORE' {
  return String(properties.RemovalBehavior ?? 'RETAIN').toUpperCase() === 'RESTORE' ? 'RESTORE' : 'RETAIN';
}

/** A refusal from the service becomes a reason that says nothing moved and what to do. */
function refusal(err: unknown, noun: string, movedId: string, targetId: string): unknown {
  const e = err as AwsLikeError;
  const cls = classifyError(err, [isDirectConnectNotFound]);
  if (cls !== 'terminal' && cls !== 'notFound') return err;
  const text = (e.message ?? String(err)).replace(/\.?\s*$/, '.');
  // The error code says what happened when the message alone does not (a 501, a proxy's page), except for
  // Direct Connect's own refusal code, which every refusal carries.
  const named = e.name && !['Error', 'DirectConnectClientException'].includes(e.name) && !text.includes(e.name);
  const message = named ? `${e.name}: ${text}` : text;
  const hint = /vlan|ip address|address|conflict/i.test(message)
    ? ' Free the VLAN or address on the target, or choose another target, then deploy again.'
    : ' Check the ids and that this account owns them, then deploy again.';
  return new TerminalError(`Direct Connect refused to move ${noun} ${movedId} to ${targetId}: ${message} Nothing was moved.${hint}`);
}

/** Build the ResourceHandler for one kind of move. `api` is injectable for tests; the default uses the environment. */
export function createAssociationHandler<S>(spec: MoveSpec<S>, api: () => DirectConnectApi = defaultApi): ResourceHandler {
  const terminal = (movedId: string, state: string, while_: string) =>
    new TerminalError(`${capitalize(spec.noun)} ${movedId} is '${state}' ${while_}. ${spec.terminalAdvice(state)}`);

  /** The target's ARN in the stack's account, where the move record lives; undefined when the stack id says no account. */
  function recordArn(event: LifecycleEvent, targetId: string): string | undefined {
    const place: StackPlace | undefined = stackPlace(event.stackId);
    return place ? targetArn(place, targetId) : undefined;
  }

  const ownerOf = (event: LifecycleEvent) => moveOwnerToken(event.stackId, event.logicalResourceId);

  /**
   * Write the record of this request's move on the target, just before the associate call (see
   * move-record.ts), with this invocation's nonce. False when it could not be written.
   */
  async function record(event: LifecycleEvent, ctx: HandlerContext, movedId: string, targetId: string,
    previousId: string | undefined, nonce: string): Promise<boolean> {
    const unrecorded = (why: string) => {
      ctx.logger.warn('the move is not recorded on its target; a rerun of this request, a second delivery of it, or the ' +
        'rollback of a cancelled create, would not know where it came from', { movedId, targetId, why });
      return false;
    };
    const arn = recordArn(event, targetId);
    if (!arn) return unrecorded('the stack id names no account');
    const tag = moveRecordTag(movedId, { previousId, requestToken: ctx.idempotencyToken('move'), ownerToken: ownerOf(event), nonce });
    try {
      await bestEffort(ctx, 'TagResource', () => api().tagResource(arn, tag));
      return true;
    } catch (err) {
      return unrecorded(describeError(err));
    }
  }

  /** The record on the target for `movedId`, whoever wrote it; undefined when there is none or it cannot be read. */
  async function readStanding(event: LifecycleEvent, ctx: HandlerContext, movedId: string, targetId: string): Promise<MoveRecord | undefined> {
    const arn = recordArn(event, targetId);
    if (!arn) return undefined;
    try {
      return readMoveRecord(await bestEffort(ctx, 'DescribeTags', () => api().describeTags(arn)), movedId);
    } catch (err) {
      ctx.logger.warn('could not read the move record on the target', { movedId, targetId, why: describeError(err) });
      return undefined;
    }
  }

  /** The record on the target for `movedId`, or undefined when there is none, it cannot be read, or it is not this resource's. */
  async function readRecord(event: LifecycleEvent, ctx: HandlerContext, movedId: string, targetId: string): Promise<MoveRecord | undefined> {
    const found = await readStanding(event, ctx, movedId, targetId);
    return found?.ownerToken === ownerOf(event) ? found : undefined;
  }

  /**
   * Claim a move for this delivery (move-election.ts): write the record on `recordOn` with a fresh nonce,
   * let the writes of other deliveries land, and read it back: one DescribeTags, and the settle time, per
   * move. `unrecorded` when the record could not be written: there is nothing to elect by, and the move
   * goes ahead as it did before there were elections (a second delivery could then move it twice).
   */
  async function claim(event: LifecycleEvent, ctx: HandlerContext, movedId: string, recordOn: string, previousId: string | undefined):
  Promise<{ outcome: ElectionOutcome | 'unrecorded'; standing?: MoveRecord }> {
    const nonce = moveNonce();
    if (!await record(event, ctx, movedId, recordOn, previousId, nonce)) return { outcome: 'unrecorded' };
    await sleep(moveSettleMs());
    const standing = await readStanding(event, ctx, movedId, recordOn);
    const outcome = electionOutcome(standing, nonce);
    ctx.logger.debug('move election', { movedId, outcome });
    return { outcome, standing };
  }

  /**
   * Where it is right now, read just before an elected move: a late writer's rival may have moved it meanwhile.
   * `lastSeenOn` (where the search found it) is read first: still there is one call, and for a partner the
   * owner's lookup that follows a miss on the target is always "not found".
   */
  function whereNow(ctx: HandlerContext, movedId: string, expectedParentId: string, lastSeenOn?: string): Promise<Placement<S> | undefined> {
    return spec.locate(retrying(api(), ctx), movedId, expectedParentId, false, lastSeenOn);
  }

  /** A finished (or abandoned) move needs its record no more; leaving one behind is harmless but untidy. */
  async function clearRecord(event: LifecycleEvent, ctx: HandlerContext, movedId: string, targetId: string): Promise<void> {
    const arn = recordArn(event, targetId);
    if (!arn) return;
    try {
      await bestEffort(ctx, 'UntagResource', () => api().untagResource(arn, [moveRecordKey(movedId)]));
    } catch (err) {
      ctx.logger.warn('could not remove the move record from the target', { movedId, targetId, why: describeError(err) });
    }
  }

  async function associate(ctx: HandlerContext, placement: Placement<S>, movedId: string, targetId: string): Promise<void> {
    // Its reads are retried like every other call: a throttle or a 5xx here must not fail the move.
    await spec.checkMove?.(retrying(api(), ctx), placement, targetId);
    try {
      await call(ctx, 'associate', () => spec.associate(api(), movedId, targetId));
    } catch (err) {
      throw refusal(err, spec.noun, movedId, targetId);
    }
  }

  async function start(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
    const movedId = requireProperty(event.properties, spec.movedIdProperty);
    const targetId = requireProperty(event.properties, spec.targetIdProperty);
    const behavior = removalBehavior(event.properties);
    const old = event.requestType === 'Update' ? parseAssociationId(event.physicalResourceId) : undefined;
    // Same resource, same target: an in-place update keeps its physical id and the parent it recorded.
    const inPlace = old !== undefined && old.movedId === movedId && old.targetId === targetId;

    // An update of the target: look where the previous move put it before anywhere else.
    const hint = spec.currentParentProperty ? String(event.properties[spec.currentParentProperty] ?? '') || undefined : undefined;
    const placement = await spec.locate(retrying(api(), ctx), movedId, targetId, true, old?.movedId === movedId ? old.targetId : undefined, hint);
    if (!placement) {
      throw new TerminalError(`${capitalize(spec.noun)} ${movedId} was not found. Check the id and the region, and that ` +
        `${spec.whoMayMove}, then deploy again.`);
    }
    const state = spec.stateOf(placement.subject);
    if (spec.verdict(placement.subject, event.properties) === 'terminal') {
      throw terminal(movedId, state, `before the move to ${targetId}, so nothing was moved`);
    }

    let previousId: string | undefined;
    if (placement.parentId === targetId) {
      // Already there: either it was before this request, or an earlier run of this same request moved it.
      const recorded = inPlace ? undefined : await readRecord(event, ctx, movedId, targetId);
      const ours = recorded?.requestToken === ctx.idempotencyToken('move') ? recorded : undefined;
      previousId = inPlace ? old.previousId : ours ? ours.previousId : targetId;
      ctx.logger.info(ours ? 'an earlier run of this request moved it; keeping the parent it recorded'
        : 'already on the target; nothing to move', { movedId, targetId, state, previousId: previousId ?? 'unknown' });
    } else {
      previousId = inPlace ? old.previousId : placement.parentId;
      if (previousId === undefined && behavior === 'RESTORE') {
        throw new TerminalError(`Cannot tell which interconnect or LAG ${spec.noun} ${movedId} is on now, so RESTORE could not ` +
          'move it back later. Nothing was moved. Deploy in the partner account that owns its current parent, or use RETAIN.');
      }
      ctx.logger.info('moving', { movedId, from: placement.parentId ?? 'unknown', to: targetId, state });
      const { outcome, standing } = await claim(event, ctx, movedId, targetId, previousId);
      if (outcome === 'lost') {
        // The delivery whose nonce stands moves it; this one answers the same physical id and waits with it.
        const sameRequest = standing!.requestToken === ctx.idempotencyToken('move') && standing!.ownerToken === ownerOf(event);
        if (sameRequest) previousId = standing!.previousId;
        ctx.logger.info(sameRequest ? 'another delivery of this request makes the move; waiting for it'
          : 'another request is moving it to the same target; waiting for it', { movedId, targetId });
      } else if (outcome !== 'unrecorded' && (await whereNow(ctx, movedId, targetId, placement.parentId))?.parentId === targetId) {
        ctx.logger.info('another delivery of this request has moved it meanwhile; nothing to move', { movedId, targetId });
      } else {
        await associate(ctx, placement, movedId, targetId);
      }
    }

    const physicalResourceId = inPlace ? event.physicalResourceId! : formatAssociationId({ movedId, targetId, previousId });
    return { physicalResourceId };
  }

  /**
   * Move it back to `previousId` if it is still on `targetId` and can move; the Data for isComplete, or
   * undefined when nothing moves. The move back is elected like the move (one delivery of the Delete makes
   * it), by a record on `targetId` that the caller removes once this returns Data (this removes it otherwise).
   */
  async function restore(event: LifecycleEvent, ctx: HandlerContext, movedId: string, targetId: string, previousId: string):
  Promise<Record<string, string> | undefined> {
    const properties = event.properties;
    const placement = await spec.locate(retrying(api(), ctx), movedId, targetId, false);
    if (!placement) {
      ctx.logger.info('RESTORE: it no longer exists; nothing to move back', { movedId });
      return undefined;
    }
    if (placement.parentId !== targetId) {
      // A newer association (or a person) has moved it since; pulling it back would undo their move.
      ctx.logger.info('RESTORE: it is not on the target; left where it is', { movedId, targetId, now: placement.parentId ?? 'unknown' });
      return undefined;
    }
    const state = spec.stateOf(placement.subject);
    if (spec.verdict(placement.subject, properties) === 'terminal') {
      // Deleted, being deleted, or rejected by its owner: Direct Connect moves none of these, and nothing
      // will bring it back by itself, so there is nothing to restore (and a rollback must not fail on it).
      ctx.logger.info('RESTORE: it is in a terminal state; nothing to move back', { movedId, state });
      return undefined;
    }
    ctx.logger.info('RESTORE: moving back', { movedId, from: targetId, to: previousId });
    const restoring = { [RESTORING_TO_DATA_KEY]: previousId };
    // The record keeps saying where it came from, so that a rerun of a cancelled create's Delete still finds it.
    const { outcome } = await claim(event, ctx, movedId, targetId, previousId);
    if (outcome === 'lost') {
      ctx.logger.info('RESTORE: another delivery of this request moves it back; waiting for it', { movedId, to: previousId });
      return restoring;
    }
    if (outcome !== 'unrecorded') {
      const now = await whereNow(ctx, movedId, targetId);
      if (now?.parentId !== targetId || spec.verdict(now.subject, properties) === 'terminal') {
        ctx.logger.info('RESTORE: it has moved meanwhile; nothing to move back', { movedId, now: now?.parentId ?? 'unknown' });
        if (now?.parentId === previousId) return restoring;
        await clearRecord(event, ctx, movedId, targetId);
        return undefined;
      }
    }
    await associate(ctx, placement, movedId, previousId);
    return restoring;
  }

  /**
   * A Delete of a physical id this library did not make: CloudFormation cancelled the create (a rollback
   * while it was in flight) before it answered. That create may already have moved the resource; its record
   * on the target says from where. RESTORE puts back exactly that move, and nothing without a record.
   */
  async function removeUnanswered(event: LifecycleEvent, ctx: HandlerContext, physicalResourceId: string): Promise<OnEventResult> {
    const movedId = String(event.properties[spec.movedIdProperty] ?? '');
    const targetId = String(event.properties[spec.targetIdProperty] ?? '');
    if (!isDirectConnectId(movedId, ['dxcon', 'dxvif']) || !isDirectConnectId(targetId, ['dxcon', 'dxlag'])) {
      ctx.logger.info('not a move this library made; nothing to do', { physicalResourceId });
      return { physicalResourceId };
    }
    if (removalBehavior(event.properties) === 'RETAIN') {
      ctx.logger.info('RETAIN: a create that never answered; whatever it moved stays where it is', { movedId, targetId });
      return { physicalResourceId };
    }
    const recorded = await readRecord(event, ctx, movedId, targetId);
    if (!recorded) {
      ctx.logger.info('RESTORE: a create that never answered and left no record of a move; nothing to move back', { movedId, targetId });
      return { physicalResourceId };
    }
    const data = recorded.previousId && recorded.previousId !== targetId
      ? await restore(event, ctx, movedId, targetId, recorded.previousId)
      : undefined;
    if (!recorded.previousId) ctx.logger.info('RESTORE: its record does not say where it came from; left where it is', { movedId, targetId });
    await clearRecord(event, ctx, movedId, targetId);
    return { physicalResourceId, ...(data ? { data } : {}) };
  }

  async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
    const physicalResourceId = event.physicalResourceId ?? '';
    const id = parseAssociationId(physicalResourceId);
    if (!id) return removeUnanswered(event, ctx, physicalResourceId);
    if (removalBehavior(event.properties) === 'RETAIN') {
      ctx.logger.info('RETAIN: left where it is', { movedId: id.movedId, targetId: id.targetId });
      return { physicalResourceId };
    }
    if (id.previousId === undefined || id.previousId === id.targetId) {
      ctx.logger.info('RESTORE: this association did not move it; nothing to move back', { movedId: id.movedId });
      return { physicalResourceId };
    }
    const data = await restore(event, ctx, id.movedId, id.targetId, id.previousId);
    // The record that elected the move back has done its job.
    if (data) await clearRecord(event, ctx, id.movedId, id.targetId);
    return { physicalResourceId, ...(data ? { data } : {}) };
  }

  /** Undefined when the placement is steady on `parentId`; otherwise the "not yet" answer. Terminal states throw. */
  function notYet(event: LifecycleEvent, movedId: string, parentId: string, placement: Placement<S>): IsCompleteResult | undefined {
    const state = spec.stateOf(placement.subject);
    const verdict = spec.verdict(placement.subject, event.properties);
    if (verdict === 'terminal') throw terminal(movedId, state, `while moving to ${parentId}`);
    if (placement.parentId !== parentId) {
      return { isComplete: false, progress: `${spec.noun} ${movedId} is ${state}, not yet on ${parentId}` };
    }
    const owner = spec.awaitsOwner?.(placement.subject);
    if (verdict === 'waiting') {
      return { isComplete: false, progress: `${spec.noun} ${movedId} is ${state} on ${parentId}${owner ? `: ${owner}` : ''}` };
    }
    return undefined;
  }

  async function isComplete(event: LifecycleEvent, ctx: HandlerContext): Promise<IsCompleteResult> {
    const id = parseAssociationId(event.physicalResourceId);
    if (event.requestType === 'Delete') {
      const restoringTo = event.data[RESTORING_TO_DATA_KEY];
      const movedId = id?.movedId ?? String(event.properties[spec.movedIdProperty] ?? '');
      if (!restoringTo || !movedId) return { isComplete: true };
      const placement = await spec.locate(api(), movedId, restoringTo, false);
      // Deleted while moving back: there is nothing left to restore.
      const state = placement ? spec.stateOf(placement.subject) : 'deleted';
      if (!placement || state === 'deleted' || state === 'deleting') return { isComplete: true };
      const owner = placement.parentId === restoringTo ? spec.awaitsOwner?.(placement.subject) : undefined;
      if (owner) {
        // Back where it was, waiting for its owner: the stack cannot confirm for another account, and a
        // delete (often a rollback) must not hang on a person.
        ctx.logger.warn('moved back; it now waits for its owner', { movedId, restoringTo, owner });
        return { isComplete: true, progress: `${spec.noun} ${movedId} is ${state} on ${restoringTo} again: ${owner}` };
      }
      return notYet(event, movedId, restoringTo, placement)
        ?? { isComplete: true, progress: `${spec.noun} ${movedId} is ${state} on ${restoringTo} again` };
    }
    if (!id) throw new TerminalError(`Unexpected physical id '${event.physicalResourceId}'. Deploy again.`);
    const placement = await spec.locate(api(), id.movedId, id.targetId, false);
    if (!placement && ctx.elapsedMs() < NOT_VISIBLE_GRACE_MS) {
      // Eventual consistency right after the move: the next poll will likely see it.
      ctx.logger.info('not visible yet', { movedId: id.movedId, targetId: id.targetId, elapsedMs: ctx.elapsedMs() });
      return { isComplete: false, progress: `${spec.noun} ${id.movedId} is not visible on ${id.targetId} yet` };
    }
    if (!placement) {
      throw new TerminalError(`${capitalize(spec.noun)} ${id.movedId} disappeared while moving to ${id.targetId}. ` +
        'Check whether it was deleted, then remove it from the stack or deploy again.');
    }
    const pending = notYet(event, id.movedId, id.targetId, placement);
    if (pending) return pending;
    // Only a request that made a move wrote a record: a create, or an update to another resource or target.
    const old = event.oldProperties;
    const movedNow = event.requestType === 'Create'
      || old?.[spec.movedIdProperty] !== id.movedId || old?.[spec.targetIdProperty] !== id.targetId;
    if (movedNow && id.previousId !== id.targetId) await clearRecord(event, ctx, id.movedId, id.targetId);
    return {
      isComplete: true,
      data: spec.attributes(placement.subject, id.targetId, id.previousId),
      progress: `${spec.noun} ${id.movedId} is ${spec.stateOf(placement.subject)} on ${id.targetId}`,
    };
  }

  return {
    resourceType: spec.resourceType,
    async onEvent(event, ctx) {
      return event.requestType === 'Delete' ? remove(event, ctx) : start(event, ctx);
    },
    isComplete,
  };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
