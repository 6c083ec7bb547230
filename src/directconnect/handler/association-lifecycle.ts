import { formatAssociationId, parseAssociationId } from './association-physical-id';
import { DirectConnectApi, isDirectConnectNotFound } from './direct-connect-api';
import { ElectionOutcome, electionOutcome, moveNonce, moveSettleMs } from './move-election';
import {
  interfaceArn, MoveRecord, moveOwnerToken, moveRecordKey, moveRecordTag, readMoveRecord, StackPlace, stackPlace, targetArn,
} from './move-record';
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

/** Where one move's record lives: its tag's resource, and whether that is the moved resource itself. */
interface RecordHolder {
  readonly arn: string;
  readonly onMoved: boolean;
  /** The id of the resource that holds it, for log lines. */
  readonly where: string;
}

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
  /**
   * Set when the move record may live on the moved resource itself (a virtual interface the stack's account
   * owns, move-record.ts): its owner account and the tags its Describe answer carried (undefined when the
   * answer had none), read from what `locate` returns.
   */
  readonly recordOnMoved?: {
    owner(subject: S): string | undefined;
    tags(subject: S): Record<string, string> | undefined;
  };
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
  /**
   * The resource as `parentId` lists it, or undefined when it is not there: one read, for the callers that ask
   * only that. Without it, `locate` answers (without a search) and anything but `parentId` counts as a miss.
   */
  onParent?(api: DirectConnectApi, movedId: string, parentId: string): Promise<S | undefined>;
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

  /**
   * Where the move record of `movedId` lives (move-record.ts): on the moved resource when the spec allows it and
   * `subject` shows the stack's own account owns it, else on the target, in the stack's account; undefined
   * when the stack id names no account. Without a subject (nothing read yet) it is the target's.
   */
  function holderOf(event: LifecycleEvent, movedId: string, targetId: string, subject?: S): RecordHolder | undefined {
    const place: StackPlace | undefined = stackPlace(event.stackId);
    if (!place) return undefined;
    if (spec.recordOnMoved && subject && spec.recordOnMoved.owner(subject) === place.account) {
      const onMoved = recordOnMovedHolder(event, movedId);
      if (onMoved) return onMoved;
    }
    const arn = targetArn(place, targetId);
    return arn ? { arn, onMoved: false, where: targetId } : undefined;
  }

  /** The moved resource as the holder of its record, whoever owns it; undefined when it cannot hold one. */
  function recordOnMovedHolder(event: LifecycleEvent, movedId: string): RecordHolder | undefined {
    const place = stackPlace(event.stackId);
    const arn = spec.recordOnMoved && place ? interfaceArn(place, movedId) : undefined;
    return arn ? { arn, onMoved: true, where: movedId } : undefined;
  }

  const ownerOf = (event: LifecycleEvent) => moveOwnerToken(event.stackId, event.logicalResourceId);

  /**
   * Write the record of this request's move on its holder, just before the associate call (see
   * move-record.ts), with this invocation's nonce. False when it could not be written.
   */
  async function record(event: LifecycleEvent, ctx: HandlerContext, movedId: string, holder: RecordHolder | undefined,
    previousId: string | undefined, nonce: string): Promise<boolean> {
    const unrecorded = (why: string) => {
      ctx.logger.warn('the move is not recorded; a rerun of this request, a second delivery of it, or the ' +
        'rollback of a cancelled create, would not know where it came from', { movedId, on: holder?.where, why });
      return false;
    };
    if (!holder) return unrecorded('the stack id names no account');
    const tag = moveRecordTag(movedId, { previousId, requestToken: ctx.idempotencyToken('move'), ownerToken: ownerOf(event), nonce });
    try {
      await bestEffort(ctx, 'TagResource', () => api().tagResource(holder.arn, tag));
      return true;
    } catch (err) {
      return unrecorded(describeError(err));
    }
  }

  /**
   * The record of `movedId` on its holder, whoever wrote it; undefined when there is none or it cannot be read.
   * `subject`, when the record lives on it, is a Describe answer read anyway: its tags are the record, and only
   * an answer without any tags (the resource has none, or the service leaves them out of Describe, which is
   * assumed) costs a DescribeTags to be sure.
   */
  async function readStanding(ctx: HandlerContext, movedId: string, holder: RecordHolder | undefined, subject?: S): Promise<MoveRecord | undefined> {
    if (!holder) return undefined;
    const listed = holder.onMoved && subject ? spec.recordOnMoved?.tags(subject) : undefined;
    if (listed) return readMoveRecord(listed, movedId);
    try {
      return readMoveRecord(await bestEffort(ctx, 'DescribeTags', () => api().describeTags(holder.arn)), movedId);
    } catch (err) {
      ctx.logger.warn('could not read the move record', { movedId, on: holder.where, why: describeError(err) });
      return undefined;
    }
  }

  /** The record of `movedId`, or undefined when there is none, it cannot be read, or it is not this resource's. */
  async function readRecord(event: LifecycleEvent, ctx: HandlerContext, movedId: string, holder: RecordHolder | undefined, subject?: S):
  Promise<MoveRecord | undefined> {
    const found = await readStanding(ctx, movedId, holder, subject);
    return found?.ownerToken === ownerOf(event) ? found : undefined;
  }

  /**
   * Claim a move for this delivery (move-election.ts): write the record on `holder` with a fresh nonce, let the
   * writes of other deliveries land, read it back, and look where the resource is now (`look`: a late
   * writer's rival may have moved it meanwhile). `unrecorded` when the record could not be written: there is
   * nothing to elect by, and the move goes ahead as it did before there were elections (a second delivery
   * could then move it twice), without a look.
   *
   * When the record lives on the moved resource, the look's Describe carries it: one call reads both. On the
   * target, the read-back (DescribeTags) and the look are two calls, made at once: both must come after the
   * settle time and neither depends on the other; a delivery that loses has made one look for nothing, a
   * delivery that wins (every move makes one) waits one round trip less before it moves.
   */
  async function claim(event: LifecycleEvent, ctx: HandlerContext, movedId: string, holder: RecordHolder | undefined,
    previousId: string | undefined, look: () => Promise<Placement<S> | undefined>):
    Promise<{ outcome: ElectionOutcome | 'unrecorded'; standing?: MoveRecord; now?: Placement<S> }> {
    const nonce = moveNonce();
    if (!await record(event, ctx, movedId, holder, previousId, nonce)) return { outcome: 'unrecorded' };
    await sleep(moveSettleMs());
    let standing: MoveRecord | undefined;
    let now: Placement<S> | undefined;
    if (holder!.onMoved) {
      now = await look();
      standing = await readStanding(ctx, movedId, holder, now?.subject);
    } else {
      [standing, now] = await Promise.all([readStanding(ctx, movedId, holder), look()]);
    }
    const outcome = electionOutcome(standing, nonce);
    ctx.logger.debug('move election', { movedId, outcome });
    return { outcome, standing, now };
  }

  /**
   * Is it on `parentId`, and what does it look like there: one read (the spec's `onParent`), for the questions
   * that only that answers, RESTORE's and a cleanup Delete's "is it still where this association put it". A
   * miss needs no owner's lookup after it: whatever that found (another parent, or no parent), nothing moves.
   */
  async function onParent(ctx: HandlerContext, movedId: string, parentId: string): Promise<Placement<S> | undefined> {
    const target = retrying(api(), ctx);
    if (!spec.onParent) {
      const found = await spec.locate(target, movedId, parentId, false);
      return found?.parentId === parentId ? found : undefined;
    }
    const subject = await spec.onParent(target, movedId, parentId);
    return subject ? { parentId, subject } : undefined;
  }

  /** A finished (or abandoned) move needs its record no more; leaving one behind is harmless but untidy. */
  async function clearRecord(ctx: HandlerContext, movedId: string, holder: RecordHolder | undefined): Promise<void> {
    if (!holder) return;
    try {
      await bestEffort(ctx, 'UntagResource', () => api().untagResource(holder.arn, [moveRecordKey(movedId)]));
    } catch (err) {
      ctx.logger.warn('could not remove the move record', { movedId, on: holder.where, why: describeError(err) });
    }
  }

  /**
   * Move it. A refusal (a VLAN or address in use, a hosted-connection interface sent to a LAG) leaves nothing
   * to wait for: its record is removed first, since no isComplete will, and a Delete under RETAIN reads none.
   */
  async function associate(ctx: HandlerContext, placement: Placement<S>, movedId: string, targetId: string, holder?: RecordHolder): Promise<void> {
    try {
      // Its reads are retried like every other call: a throttle or a 5xx here must not fail the move.
      await spec.checkMove?.(retrying(api(), ctx), placement, targetId);
      try {
        await call(ctx, 'associate', () => spec.associate(api(), movedId, targetId));
      } catch (err) {
        throw refusal(err, spec.noun, movedId, targetId);
      }
    } catch (err) {
      if (err instanceof TerminalError) await clearRecord(ctx, movedId, holder);
      throw err;
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
      // Its record, if any, is where that run put it; on the moved resource, the read just made carries it.
      const recorded = inPlace ? undefined
        : await readRecord(event, ctx, movedId, holderOf(event, movedId, targetId, placement.subject), placement.subject);
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
      const holder = holderOf(event, movedId, targetId, placement.subject);
      // The look reads where the search found it first: still there is one call.
      const look = () => spec.locate(retrying(api(), ctx), movedId, targetId, false, placement.parentId);
      const { outcome, standing, now } = await claim(event, ctx, movedId, holder, previousId, look);
      if (outcome === 'lost') {
        // The delivery whose nonce stands moves it; this one answers the same physical id and waits with it.
        const sameRequest = standing!.requestToken === ctx.idempotencyToken('move') && standing!.ownerToken === ownerOf(event);
        if (sameRequest) previousId = standing!.previousId;
        ctx.logger.info(sameRequest ? 'another delivery of this request makes the move; waiting for it'
          : 'another request is moving it to the same target; waiting for it', { movedId, targetId });
      } else if (outcome !== 'unrecorded' && now?.parentId === targetId) {
        ctx.logger.info('another delivery of this request has moved it meanwhile; nothing to move', { movedId, targetId });
      } else {
        await associate(ctx, placement, movedId, targetId, holder);
      }
    }

    const physicalResourceId = inPlace ? event.physicalResourceId! : formatAssociationId({ movedId, targetId, previousId });
    return { physicalResourceId };
  }

  /**
   * Move it back to `previousId` if it is still on `targetId` and can move; the Data for isComplete, or
   * undefined when nothing moves, and where its record lives. The move back is elected like the move (one
   * delivery of the Delete makes it), by a record that the caller removes once this returns Data (this removes
   * it otherwise). `known` is where a read just made found it on `targetId`.
   */
  async function restore(event: LifecycleEvent, ctx: HandlerContext, movedId: string, targetId: string, previousId: string,
    known?: Placement<S>): Promise<{ data?: Record<string, string>; holder?: RecordHolder }> {
    const properties = event.properties;
    // Only "is it still on the target" matters: anywhere else (moved on by a newer association or a person, or
    // gone), pulling it back would undo their move, and nothing moves.
    const placement = known ?? await onParent(ctx, movedId, targetId);
    if (!placement) {
      ctx.logger.info('RESTORE: it is not on the target (moved on, or gone); left where it is', { movedId, targetId });
      return {};
    }
    const holder = holderOf(event, movedId, targetId, placement.subject);
    const state = spec.stateOf(placement.subject);
    if (spec.verdict(placement.subject, properties) === 'terminal') {
      // Deleted, being deleted, or rejected by its owner: Direct Connect moves none of these, and nothing
      // will bring it back by itself, so there is nothing to restore (and a rollback must not fail on it).
      ctx.logger.info('RESTORE: it is in a terminal state; nothing to move back', { movedId, state });
      return { holder };
    }
    ctx.logger.info('RESTORE: moving back', { movedId, from: targetId, to: previousId });
    const restoring = { [RESTORING_TO_DATA_KEY]: previousId };
    // The record keeps saying where it came from, so that a rerun of a cancelled create's Delete still finds it.
    // The look reads the target first (still there: one call), then where it goes back to (a rival delivery's move).
    const look = () => spec.locate(retrying(api(), ctx), movedId, previousId, false, targetId);
    const { outcome, now } = await claim(event, ctx, movedId, holder, previousId, look);
    if (outcome === 'lost') {
      ctx.logger.info('RESTORE: another delivery of this request moves it back; waiting for it', { movedId, to: previousId });
      return { data: restoring, holder };
    }
    if (outcome !== 'unrecorded' && (now?.parentId !== targetId || spec.verdict(now.subject, properties) === 'terminal')) {
      ctx.logger.info('RESTORE: it has moved meanwhile; nothing to move back', { movedId, now: now?.parentId ?? 'unknown' });
      if (now?.parentId === previousId) return { data: restoring, holder };
      await clearRecord(ctx, movedId, holder);
      return {};
    }
    await associate(ctx, placement, movedId, previousId, holder);
    return { data: restoring, holder };
  }

  /**
   * A Delete of a physical id this library did not make: CloudFormation cancelled the create (a rollback
   * while it was in flight) before it answered. That create may already have moved the resource; its record
   * says from where. RESTORE puts back exactly that move, and nothing without a record.
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
    // Where the create's record is depends on who owns the moved resource (move-record.ts): when it may be on
    // the resource, the one read of it says whose it is, carries the record, and says whether it is on the target.
    const seen = spec.recordOnMoved ? await spec.locate(retrying(api(), ctx), movedId, targetId, false) : undefined;
    const holder = holderOf(event, movedId, targetId, seen?.subject);
    const recorded = await readRecord(event, ctx, movedId, holder, seen?.subject);
    if (!recorded) {
      ctx.logger.info('RESTORE: a create that never answered and left no record of a move; nothing to move back', { movedId, targetId });
      return { physicalResourceId };
    }
    // The read that found the record also said where it is: not on the target, there is nothing to put back.
    const gone = spec.recordOnMoved !== undefined && seen?.parentId !== targetId;
    if (gone) ctx.logger.info('RESTORE: it is not on the target (moved on, or gone); left where it is', { movedId, targetId });
    const { data } = recorded.previousId && recorded.previousId !== targetId && !gone
      ? await restore(event, ctx, movedId, targetId, recorded.previousId, spec.recordOnMoved ? seen : undefined)
      : {};
    if (!recorded.previousId) ctx.logger.info('RESTORE: its record does not say where it came from; left where it is', { movedId, targetId });
    await clearRecord(ctx, movedId, holder);
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
    const { data, holder } = await restore(event, ctx, id.movedId, id.targetId, id.previousId);
    // The record that elected the move back has done its job.
    if (data) await clearRecord(ctx, id.movedId, holder);
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
    if (movedNow && id.previousId !== id.targetId) {
      // Where the move's record lives follows from the owner this read shows; an answer that names no owner
      // (a proxy's, a partial one) cannot tell, so both places are cleared.
      const unsure = spec.recordOnMoved !== undefined && spec.recordOnMoved.owner(placement.subject) === undefined;
      const holders = unsure ? [holderOf(event, id.movedId, id.targetId), recordOnMovedHolder(event, id.movedId)]
        : [holderOf(event, id.movedId, id.targetId, placement.subject)];
      for (const holder of holders) await clearRecord(ctx, id.movedId, holder);
    }
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
