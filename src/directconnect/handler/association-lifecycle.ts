import { formatAssociationId, parseAssociationId } from './association-physical-id';
import { DirectConnectApi, isDirectConnectNotFound } from './direct-connect-api';
import { moveRecordTags, recordedPreviousParent, TaggedResource, taggableArn } from './move-record';
import { AwsLikeError, classifyError, describeError, TerminalError } from '../../runtime/errors';
import type { LifecycleEvent } from '../../runtime/lifecycle-event';
import { requireProperty } from '../../runtime/lifecycle-event';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryingCaller } from '../../runtime/retry';

/**
 * The lifecycle both Direct Connect moves share: read where the resource is, record it in the physical id,
 * associate, wait until it is steady on the target, and on delete leave it or move it back, but only while
 * it is still where this association put it.
 */

/** Data key set by a RESTORE delete for isComplete: the parent it is moving back to. */
export const RESTORING_TO_DATA_KEY = 'RestoringTo';

/** Where a moved resource is now, and what it looks like. */
export interface Placement<S> {
  /** The connection, interconnect or LAG it is on; undefined when that cannot be determined. */
  readonly parentId?: string;
  readonly subject: S;
}

/** How a resource's state reads, for a given request. */
export type Verdict = 'steady' | 'waiting' | 'terminal';

/** What one kind of move (hosted connection, virtual interface) plugs into the lifecycle. */
export interface MoveSpec<S extends TaggedResource> {
  readonly resourceType: string;
  /** `hosted connection`, `virtual interface`. */
  readonly noun: string;
  /** The ARN resource type of the moved resource, for tagging it with the move's record. */
  readonly arnKind: 'dxcon' | 'dxvif';
  /** Property names of the moved id and the target id. */
  readonly movedIdProperty: string;
  readonly targetIdProperty: string;
  /**
   * Where the resource is now, or undefined when it does not exist. `thorough` is set before a move, when
   * the previous parent must be found; polls and deletes only need to know whether it is on `expectedParentId`.
   */
  locate(api: DirectConnectApi, movedId: string, expectedParentId: string, thorough: boolean): Promise<Placement<S> | undefined>;
  /** Checks before a move that fail with a TerminalError, such as a hosted-connection interface sent to a LAG. */
  checkMove?(api: DirectConnectApi, placement: Placement<S>, targetId: string): Promise<void>;
  associate(api: DirectConnectApi, movedId: string, targetId: string): Promise<void>;
  stateOf(subject: S): string;
  verdict(subject: S, properties: Record<string, any>): Verdict;
  /** The advice that follows "… is <state>" when the state is terminal. */
  terminalAdvice(state: string): string;
  attributes(subject: S, targetId: string, previousId: string | undefined): Record<string, string>;
}

let sharedApi: DirectConnectApi | undefined;
/** One client per Lambda container, made on first use so that tests can set the endpoint first. */
const defaultApi = () => (sharedApi ??= new DirectConnectApi());

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

function removalBehavior(properties: Record<string, any>): 'RETAIN' | 'RESTORE' {
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
export function createAssociationHandler<S extends TaggedResource>(spec: MoveSpec<S>, api: () => DirectConnectApi = defaultApi): ResourceHandler {
  const terminal = (movedId: string, state: string, while_: string) =>
    new TerminalError(`${capitalize(spec.noun)} ${movedId} is '${state}' ${while_}. ${spec.terminalAdvice(state)}`);

  /**
   * Tag the resource with where it was and which request moves it (see move-record.ts). Best effort: a
   * resource another account owns, or a role without TagResource, still moves; only a rerun of this same
   * request then loses track of the previous parent, and the log says so.
   */
  async function record(event: LifecycleEvent, ctx: HandlerContext, placement: Placement<S>, movedId: string): Promise<void> {
    const partition = event.stackId.split(':')[1] || 'aws';
    const arn = taggableArn(partition, spec.arnKind, movedId, placement.subject);
    const unrecorded = (why: string) => ctx.logger.warn('the move is not recorded on the resource; a rerun of this request ' +
      'would not know where it came from', { movedId, why });
    if (!arn) return unrecorded('Direct Connect did not say its owner account or region');
    try {
      await call(ctx, 'TagResource', () => api().tagResource(arn, moveRecordTags(placement.parentId, ctx.idempotencyToken('move'))));
    } catch (err) {
      unrecorded(describeError(err));
    }
  }

  async function move(event: LifecycleEvent, ctx: HandlerContext, placement: Placement<S>, movedId: string, targetId: string): Promise<void> {
    // Its reads are retried like every other call: a throttle or a 5xx here must not fail the move.
    await spec.checkMove?.(retrying(api(), ctx), placement, targetId);
    await record(event, ctx, placement, movedId);
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

    const placement = await spec.locate(retrying(api(), ctx), movedId, targetId, true);
    if (!placement) {
      throw new TerminalError(`${capitalize(spec.noun)} ${movedId} was not found. Check the id, the region and that ` +
        'the stack deploys in the account that owns it, then deploy again.');
    }
    const state = spec.stateOf(placement.subject);
    if (spec.verdict(placement.subject, event.properties) === 'terminal') {
      throw terminal(movedId, state, `before the move to ${targetId}, so nothing was moved`);
    }

    let previousId: string | undefined;
    if (placement.parentId === targetId) {
      // Already there: either it was before this request, or an earlier run of this same request moved it.
      const recorded = recordedPreviousParent(placement.subject, ctx.idempotencyToken('move'));
      previousId = inPlace ? old.previousId : recorded ?? targetId;
      ctx.logger.info(recorded ? 'an earlier run of this request moved it; keeping the parent it recorded'
        : 'already on the target; nothing to move', { movedId, targetId, state, previousId });
    } else {
      previousId = inPlace ? old.previousId : placement.parentId;
      if (previousId === undefined && behavior === 'RESTORE') {
        throw new TerminalError(`Cannot tell which interconnect or LAG ${spec.noun} ${movedId} is on now, so RESTORE could not ` +
          'move it back later. Nothing was moved. Deploy in the account that owns its current parent, or use RETAIN.');
      }
      ctx.logger.info('moving', { movedId, from: placement.parentId ?? 'unknown', to: targetId, state });
      await move(event, ctx, placement, movedId, targetId);
    }

    const physicalResourceId = inPlace ? event.physicalResourceId! : formatAssociationId({ movedId, targetId, previousId });
    return { physicalResourceId };
  }

  async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
    const physicalResourceId = event.physicalResourceId ?? '';
    const id = parseAssociationId(physicalResourceId);
    if (!id) {
      ctx.logger.info('not a move this library made; nothing to do', { physicalResourceId });
      return { physicalResourceId };
    }
    if (removalBehavior(event.properties) === 'RETAIN') {
      ctx.logger.info('RETAIN: left where it is', { movedId: id.movedId, targetId: id.targetId });
      return { physicalResourceId };
    }
    if (id.previousId === undefined || id.previousId === id.targetId) {
      ctx.logger.info('RESTORE: this association did not move it; nothing to move back', { movedId: id.movedId });
      return { physicalResourceId };
    }
    const placement = await spec.locate(retrying(api(), ctx), id.movedId, id.targetId, false);
    if (!placement) {
      ctx.logger.info('RESTORE: it no longer exists; nothing to move back', { movedId: id.movedId });
      return { physicalResourceId };
    }
    if (placement.parentId !== id.targetId) {
      // A newer association (or a person) has moved it since; pulling it back would undo their move.
      ctx.logger.info('RESTORE: it has moved on since; left where it is', {
        movedId: id.movedId, targetId: id.targetId, now: placement.parentId ?? 'unknown',
      });
      return { physicalResourceId };
    }
    const state = spec.stateOf(placement.subject);
    if (spec.verdict(placement.subject, event.properties) === 'terminal') {
      // Deleted, being deleted, or rejected by its owner: Direct Connect moves none of these, and nothing
      // will bring it back by itself, so there is nothing to restore (and a rollback must not fail on it).
      ctx.logger.info('RESTORE: it is in a terminal state; nothing to move back', { movedId: id.movedId, state });
      return { physicalResourceId };
    }
    ctx.logger.info('RESTORE: moving back', { movedId: id.movedId, from: id.targetId, to: id.previousId });
    await move(event, ctx, placement, id.movedId, id.previousId);
    return { physicalResourceId, data: { [RESTORING_TO_DATA_KEY]: id.previousId } };
  }

  /** Undefined when the placement is steady on `parentId`; otherwise the "not yet" answer. Terminal states throw. */
  function notYet(event: LifecycleEvent, movedId: string, parentId: string, placement: Placement<S>): IsCompleteResult | undefined {
    const state = spec.stateOf(placement.subject);
    const verdict = spec.verdict(placement.subject, event.properties);
    if (verdict === 'terminal') throw terminal(movedId, state, `while moving to ${parentId}`);
    if (placement.parentId !== parentId) {
      return { isComplete: false, progress: `${spec.noun} ${movedId} is ${state}, not yet on ${parentId}` };
    }
    if (verdict === 'waiting') return { isComplete: false, progress: `${spec.noun} ${movedId} is ${state} on ${parentId}` };
    return undefined;
  }

  async function isComplete(event: LifecycleEvent, _ctx: HandlerContext): Promise<IsCompleteResult> {
    const id = parseAssociationId(event.physicalResourceId);
    if (event.requestType === 'Delete') {
      const restoringTo = event.data[RESTORING_TO_DATA_KEY];
      if (!id || !restoringTo) return { isComplete: true };
      const placement = await spec.locate(api(), id.movedId, restoringTo, false);
      // Deleted while moving back: there is nothing left to restore.
      const state = placement ? spec.stateOf(placement.subject) : 'deleted';
      if (!placement || state === 'deleted' || state === 'deleting') return { isComplete: true };
      return notYet(event, id.movedId, restoringTo, placement)
        ?? { isComplete: true, progress: `${spec.noun} ${id.movedId} is ${state} on ${restoringTo} again` };
    }
    if (!id) throw new TerminalError(`Unexpected physical id '${event.physicalResourceId}'. Deploy again.`);
    const placement = await spec.locate(api(), id.movedId, id.targetId, false);
    if (!placement) {
      throw new TerminalError(`${capitalize(spec.noun)} ${id.movedId} disappeared while moving to ${id.targetId}. ` +
        'Check whether it was deleted, then remove it from the stack or deploy again.');
    }
    const pending = notYet(event, id.movedId, id.targetId, placement);
    if (pending) return pending;
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
