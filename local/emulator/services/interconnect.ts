import { randomBytes, randomUUID } from 'crypto';
import { validateInput } from '../model-validator';
import { ScheduledState } from '../scheduled-state';
import { ServiceError, type EmulatorRequest, type EmulatorResponse, type EmulatorService, type ServiceContext } from '../service';
import { ServiceModel } from '../service-model';
import { INTERCONNECT_ATTACH_POINTS, INTERCONNECT_ENVIRONMENTS, type InterconnectEnvironment } from './interconnect-environments';

export type ConnectionState = 'available' | 'requested' | 'pending' | 'down' | 'deleting' | 'deleted' | 'failed' | 'updating';
/** Past `deleted`: no longer visible at all. */
type LifecycleState = ConnectionState | 'gone';

const CONNECTION_STATES: readonly ConnectionState[] = ['available', 'requested', 'pending', 'down', 'deleting', 'deleted', 'failed', 'updating'];
/**
 * States UpdateConnection accepts. The model names no state precondition; `down` is included because the
 * update changes AWS-side settings only (assumed; the handlers also cope with an InterconnectClientException).
 */
const UPDATABLE: readonly ConnectionState[] = ['requested', 'available', 'pending', 'down'];

/** Timing names (ms) and their defaults; set them with `setTiming` or `POST /_emulator/timings`. */
export const INTERCONNECT_TIMINGS = {
  'interconnect.pendingToAvailable': 300,
  'interconnect.updating': 200,
  'interconnect.deleting': 200,
  'interconnect.deletedVisible': 1000,
} as const;

interface AttachPoint {
  readonly directConnectGateway?: string;
  readonly arn?: string;
}

interface ConnectionRecord {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
  /** The account that made it: the only one that sees, tags, updates or deletes it. */
  readonly owner: string;
  description?: string;
  bandwidth: string;
  readonly attachPoint: AttachPoint;
  readonly environment: InterconnectEnvironment;
  readonly remoteAccount?: { identifier?: string };
  readonly sharedId: string;
  readonly activationKey: string;
  readonly tags: Record<string, string>;
  readonly state: ScheduledState<LifecycleState>;
}

interface Proposal {
  readonly activationKey: string;
  readonly environment: InterconnectEnvironment;
  readonly bandwidth: string;
  readonly sharedId: string;
  acceptedBy?: string;
}

interface IdempotencyEntry {
  readonly fingerprint: string;
  readonly connectionId: string;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map(k => `${JSON.stringify(k)}:${stableJson((value as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomChars(n: number): string {
  const bytes = randomBytes(n);
  return Array.from(bytes, b => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}

/**
 * AWS Interconnect over AWS JSON 1.0 (`X-Amz-Target: Interconnect.<Op>`): the seed page's 13 operations,
 * validated against the real model, with the partner side (accepting, proposing) as controls.
 *
 * Controls (`POST /_emulator/interconnect/<action>`):
 * - `accept` `{connectionId}`: the partner accepts a requested connection: `pending`, then `available`;
 * - `createProposal` `{environmentId, bandwidth}` → `{activationKey, sharedId}`: the partner proposes one;
 * - `setState` `{connectionId, state}`: force any state (`failed`, `down`) now;
 * - `addAttachPoint` `{identifier, name}`: another Direct Connect gateway for ListAttachPoints;
 * - `seedConnection` `{accountId, region?, environmentId, bandwidth, description?, state?}` → `{connection}`:
 *   a connection made outside any stack (for example in another account), as a person would find it.
 *
 * Every connection has an owner account (`req.accountId` of the call that made it); its ARN carries it, and
 * only that account sees, tags, updates or deletes it. Another account gets ResourceNotFoundException.
 */
export class InterconnectService implements EmulatorService {
  readonly name = 'interconnect';
  readonly protocol = 'json' as const;
  readonly targetPrefix = 'Interconnect';
  readonly jsonVersion = '1.0';

  private readonly model = ServiceModel.load('interconnect');
  private connections = new Map<string, ConnectionRecord>();
  private proposals = new Map<string, Proposal>();
  private tokens = new Map<string, IdempotencyEntry>();
  private attachPoints: Array<{ identifier: string; name: string }> = [];

  constructor(private readonly ctx: ServiceContext) {
    this.reset();
  }

  reset(): void {
    this.connections = new Map();
    this.proposals = new Map();
    this.tokens = new Map();
    this.attachPoints = INTERCONNECT_ATTACH_POINTS.map(a => ({ ...a }));
  }

  operationOf(req: EmulatorRequest): string | undefined {
    const op = req.target?.slice(this.targetPrefix.length + 1);
    return op && this.model.operation(op) ? op : undefined;
  }

  handle(operation: string, req: EmulatorRequest): EmulatorResponse {
    const input = req.json ?? {};
    validateInput(this.model, operation, input);
    const body = this.dispatch(operation, input, req.region, req.accountId);
    return { status: 200, body };
  }

  control(action: string, body: any): unknown {
    switch (action) {
      case 'accept': {
        const c = this.connections.get(String(body.connectionId));
        if (!c || c.state.current === 'gone') throw this.notFound(`Connection ${body.connectionId} does not exist`);
        const state = c.state.current;
        if (state !== 'requested') {
          throw this.error('InterconnectClientException', `Connection ${c.id} is ${state}; only a requested connection can be accepted`);
        }
        c.state.set('pending').then(this.timing('interconnect.pendingToAvailable'), 'available');
        return { connection: this.view(c) };
      }
      case 'createProposal': {
        const env = this.environment(String(body.environmentId));
        const bandwidth = String(body.bandwidth);
        this.checkBandwidth(env, bandwidth);
        const proposal: Proposal = { activationKey: this.newActivationKey(), environment: env, bandwidth, sharedId: randomUUID() };
        this.proposals.set(proposal.activationKey, proposal);
        return { activationKey: proposal.activationKey, sharedId: proposal.sharedId };
      }
      case 'setState': {
        const c = this.connections.get(String(body.connectionId));
        if (!c) throw this.notFound(`Connection ${body.connectionId} does not exist`);
        if (!CONNECTION_STATES.includes(body.state)) {
          throw this.error('InterconnectValidationException', `State '${body.state}' is not one of ${CONNECTION_STATES.join(', ')}`);
        }
        c.state.set(body.state);
        return { connection: this.view(c) };
      }
      case 'seedConnection': {
        const accountId = String(body.accountId ?? this.ctx.accountId);
        if (!/^\d{12}$/.test(accountId)) throw this.error('InterconnectValidationException', `accountId '${accountId}' is not a 12-digit account id`);
        const env = this.environment(String(body.environmentId));
        const bandwidth = String(body.bandwidth);
        this.checkBandwidth(env, bandwidth);
        const state = body.state ?? 'requested';
        if (!CONNECTION_STATES.includes(state)) {
          throw this.error('InterconnectValidationException', `State '${state}' is not one of ${CONNECTION_STATES.join(', ')}`);
        }
        const c = this.newConnection(String(body.region ?? 'us-east-1'), accountId, env, {
          bandwidth,
          attachPoint: { directConnectGateway: INTERCONNECT_ATTACH_POINTS[0].identifier },
          description: body.description,
          tags: body.tags,
          sharedId: randomUUID(),
          activationKey: this.newActivationKey(),
          state,
        });
        return { connection: this.view(c) };
      }
      case 'addAttachPoint': {
        if (typeof body.identifier !== 'string' || typeof body.name !== 'string') {
          throw this.error('InterconnectValidationException', 'addAttachPoint needs {identifier, name}');
        }
        this.attachPoints.push({ identifier: body.identifier, name: body.name });
        return { attachPoints: this.attachPoints };
      }
      default:
        throw this.notFound(`Interconnect has no control '${action}'; have accept, createProposal, setState, addAttachPoint`);
    }
  }

  snapshot(): Record<string, unknown[]> {
    const live = [...this.connections.values()].filter(c => !['deleted', 'gone'].includes(c.state.current));
    return {
      connections: live.map(c => ({ ...this.view(c), region: c.region })),
      // An accepted proposal lives on as its connection; only open ones are the partner's to clean up.
      proposals: [...this.proposals.values()].filter(p => !p.acceptedBy).map(p => ({
        activationKey: p.activationKey,
        environmentId: p.environment.environmentId,
        bandwidth: p.bandwidth,
        sharedId: p.sharedId,
      })),
    };
  }

  /**
   * Every activation key this emulator has handed out since the last reset (connections and proposals,
   * deleted ones included), so tests can prove that none of them leaks into logs or failure reasons.
   */
  issuedActivationKeys(): string[] {
    return [...new Set([...[...this.connections.values()].map(c => c.activationKey), ...this.proposals.keys()])];
  }

  /** The connection as GetConnection would return it now, or undefined once it is gone. */
  connection(id: string): Record<string, unknown> | undefined {
    const c = this.connections.get(id);
    return c && c.state.current !== 'gone' ? this.view(c) : undefined;
  }

  private dispatch(operation: string, input: any, region: string, account: string): unknown {
    switch (operation) {
      case 'CreateConnection': return this.createConnection(input, region, account);
      case 'AcceptConnectionProposal': return this.acceptConnectionProposal(input, region, account);
      case 'GetConnection': return { connection: this.view(this.find(input.identifier, region, account)) };
      case 'UpdateConnection': return this.updateConnection(input, region, account);
      case 'DeleteConnection': return this.deleteConnection(input, region, account);
      case 'ListConnections': return this.listConnections(input, region, account);
      case 'ListEnvironments': return this.listEnvironments(input);
      case 'GetEnvironment': return { environment: this.environment(input.id) };
      case 'ListAttachPoints': return this.listAttachPoints(input);
      case 'DescribeConnectionProposal': return this.describeConnectionProposal(input);
      case 'TagResource': {
        Object.assign(this.findByArn(input.arn, account).tags, input.tags);
        return {};
      }
      case 'UntagResource': {
        const tags = this.findByArn(input.arn, account).tags;
        for (const key of input.tagKeys as string[]) delete tags[key];
        return {};
      }
      case 'ListTagsForResource': return { tags: { ...this.findByArn(input.arn, account).tags } };
      default:
        throw this.error('InterconnectServerException', `The emulator does not implement ${operation}`, 501);
    }
  }

  private createConnection(input: any, region: string, account: string): unknown {
    const replay = this.replay('CreateConnection', input, region, account);
    if (replay) return { connection: this.view(replay) };
    const env = this.environment(input.environmentId);
    if (env.state === 'unavailable') {
      throw this.error('InterconnectClientException', `Environment ${env.environmentId} is unavailable`);
    }
    this.checkBandwidth(env, input.bandwidth);
    const c = this.newConnection(region, account, env, {
      bandwidth: input.bandwidth,
      attachPoint: input.attachPoint,
      description: input.description,
      remoteAccount: input.remoteAccount,
      tags: input.tags,
      sharedId: randomUUID(),
      activationKey: this.newActivationKey(),
      state: 'requested',
    });
    this.remember('CreateConnection', input, region, account, c);
    return { connection: this.view(c) };
  }

  private acceptConnectionProposal(input: any, region: string, account: string): unknown {
    const replay = this.replay('AcceptConnectionProposal', input, region, account);
    if (replay) return { connection: this.view(replay) };
    const proposal = this.proposals.get(input.activationKey);
    if (!proposal) throw this.notFound('No connection proposal has that activation key');
    if (proposal.acceptedBy) {
      throw this.error('InterconnectClientException', `The proposal was already accepted as connection ${proposal.acceptedBy}`);
    }
    const c = this.newConnection(region, account, proposal.environment, {
      bandwidth: proposal.bandwidth,
      attachPoint: input.attachPoint,
      description: input.description,
      tags: input.tags,
      sharedId: proposal.sharedId,
      activationKey: proposal.activationKey,
      state: 'pending',
    });
    c.state.then(this.timing('interconnect.pendingToAvailable'), 'available');
    proposal.acceptedBy = c.id;
    this.remember('AcceptConnectionProposal', input, region, account, c);
    return { connection: this.view(c) };
  }

  private updateConnection(input: any, region: string, account: string): unknown {
    const replay = this.replay('UpdateConnection', input, region, account);
    if (replay) return { connection: this.view(replay) };
    const c = this.find(input.identifier, region, account);
    const previous = c.state.current as ConnectionState;
    if (!UPDATABLE.includes(previous)) {
      throw this.error('InterconnectClientException', `Connection ${c.id} is ${previous}; it can be updated only when ${UPDATABLE.join(', ')}`);
    }
    if (input.bandwidth !== undefined) this.checkBandwidth(c.environment, input.bandwidth);
    if (input.description !== undefined) c.description = input.description;
    if (input.bandwidth !== undefined) c.bandwidth = input.bandwidth;
    c.state.set('updating').then(this.timing('interconnect.updating'), previous);
    // A connection updated while pending still goes on to available, as the partner already accepted it.
    if (previous === 'pending') c.state.then(this.timing('interconnect.pendingToAvailable'), 'available');
    this.remember('UpdateConnection', input, region, account, c);
    return { connection: this.view(c) };
  }

  private deleteConnection(input: any, region: string, account: string): unknown {
    const c = this.find(input.identifier, region, account);
    const state = c.state.current;
    if (state !== 'deleting' && state !== 'deleted') {
      c.state.set('deleting')
        .then(this.timing('interconnect.deleting'), 'deleted')
        .then(this.timing('interconnect.deletedVisible'), 'gone');
    }
    return { connection: this.view(c) };
  }

  private listConnections(input: any, region: string, account: string): unknown {
    // "Lists all connection objects to which the caller has access": the caller's own, in this region.
    const matches = [...this.connections.values()].filter(c => {
      const state = c.state.current;
      if (c.region !== region || c.owner !== account || state === 'gone') return false;
      if (input.state && state !== input.state) return false;
      if (input.environmentId && c.environment.environmentId !== input.environmentId) return false;
      if (input.provider && !sameUnion(input.provider, c.environment.provider)) return false;
      if (input.attachPoint && !sameUnion(input.attachPoint, c.attachPoint)) return false;
      return true;
    });
    const page = this.page(matches, input);
    return { connections: page.items.map(c => this.summary(c)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  private listEnvironments(input: any): unknown {
    const matches = INTERCONNECT_ENVIRONMENTS.filter(e =>
      (!input.provider || sameUnion(input.provider, e.provider)) && (!input.location || e.location === input.location));
    const page = this.page(matches, input);
    return { environments: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  private listAttachPoints(input: any): unknown {
    this.environment(input.environmentId);
    const descriptors = this.attachPoints.map(a => ({ type: 'DirectConnectGateway', identifier: a.identifier, name: a.name }));
    const page = this.page(descriptors, input);
    return { attachPoints: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  private describeConnectionProposal(input: any): unknown {
    const proposal = this.proposals.get(input.activationKey);
    if (!proposal) throw this.notFound('No connection proposal has that activation key');
    return {
      bandwidth: proposal.bandwidth,
      environmentId: proposal.environment.environmentId,
      provider: proposal.environment.provider,
      location: proposal.environment.location,
    };
  }

  private newConnection(region: string, owner: string, env: InterconnectEnvironment, fields: {
    bandwidth: string;
    attachPoint: AttachPoint;
    description?: string;
    remoteAccount?: { identifier?: string };
    tags?: Record<string, string>;
    sharedId: string;
    activationKey: string;
    state: ConnectionState;
  }): ConnectionRecord {
    const prefix = env.provider.lastMileProvider ? 'lmcc' : 'mcc';
    let id: string;
    do {
      id = `${prefix}-${randomChars(8)}`;
    } while (this.connections.has(id));
    const c: ConnectionRecord = {
      id,
      arn: `arn:aws:interconnect:${region}:${owner}:connection/${id}`,
      region,
      owner,
      description: fields.description,
      bandwidth: fields.bandwidth,
      attachPoint: fields.attachPoint,
      environment: env,
      remoteAccount: fields.remoteAccount,
      sharedId: fields.sharedId,
      activationKey: fields.activationKey,
      tags: { ...(fields.tags ?? {}) },
      state: new ScheduledState<LifecycleState>(fields.state, this.ctx.now),
    };
    this.connections.set(id, c);
    return c;
  }

  /** Opaque and long, like the real keys: something a person copies into the partner's portal. */
  private newActivationKey(): string {
    return randomBytes(96).toString('base64url');
  }

  private view(c: ConnectionRecord): Record<string, unknown> {
    return {
      ...this.summary(c),
      ownerAccount: c.owner,
      activationKey: c.activationKey,
      tags: { ...c.tags },
    };
  }

  private summary(c: ConnectionRecord): Record<string, unknown> {
    const state = c.state.current;
    return {
      id: c.id,
      arn: c.arn,
      description: c.description ?? '',
      bandwidth: c.bandwidth,
      attachPoint: c.attachPoint,
      environmentId: c.environment.environmentId,
      provider: c.environment.provider,
      location: c.environment.location,
      type: c.environment.type,
      state: state === 'gone' ? 'deleted' : state,
      sharedId: c.sharedId,
      billingTier: billingTier(c.environment, c.bandwidth),
    };
  }

  /**
   * Another account's connection reads as one that does not exist (assumed: the model's AccessDeniedException
   * says "not allowed to access the specified resource, or the resource does not exist", so a real endpoint
   * may answer that instead; the handlers only ever name their own account's connections).
   */
  private find(id: string, region: string, account: string): ConnectionRecord {
    const c = this.connections.get(id);
    if (!c || c.region !== region || c.owner !== account || c.state.current === 'gone') throw this.notFound(`Connection ${id} does not exist`);
    return c;
  }

  private findByArn(arn: string, account: string): ConnectionRecord {
    const c = [...this.connections.values()].find(x => x.arn === arn);
    if (!c || c.owner !== account || c.state.current === 'gone') throw this.notFound(`Resource ${arn} does not exist`);
    return c;
  }

  private environment(id: string): InterconnectEnvironment {
    const env = INTERCONNECT_ENVIRONMENTS.find(e => e.environmentId === id);
    if (!env) throw this.notFound(`Environment ${id} does not exist`);
    return env;
  }

  private checkBandwidth(env: InterconnectEnvironment, bandwidth: string): void {
    if (!env.bandwidths.available.includes(bandwidth)) {
      throw this.error('InterconnectValidationException',
        `Bandwidth '${bandwidth}' is not available in environment ${env.environmentId}; available: ${env.bandwidths.available.join(', ')}`);
    }
  }

  /** The connection a repeated clientToken already made, or undefined for a first call. */
  private replay(operation: string, input: any, region: string, account: string): ConnectionRecord | undefined {
    if (!input.clientToken) return undefined;
    const entry = this.tokens.get(`${account}|${region}|${operation}|${input.clientToken}`);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint(input)) {
      throw this.error('InterconnectClientException',
        `The clientToken ${input.clientToken} was already used for ${operation} with different parameters (idempotency mismatch)`);
    }
    return this.connections.get(entry.connectionId);
  }

  private remember(operation: string, input: any, region: string, account: string, c: ConnectionRecord): void {
    if (input.clientToken) {
      this.tokens.set(`${account}|${region}|${operation}|${input.clientToken}`, { fingerprint: fingerprint(input), connectionId: c.id });
    }
  }

  private page<T>(items: readonly T[], input: { maxResults?: number; nextToken?: string }): { items: T[]; nextToken?: string } {
    let offset = 0;
    if (input.nextToken !== undefined) {
      const decoded = Number(Buffer.from(input.nextToken, 'base64url').toString('utf-8').replace(/^offset:/, ''));
      if (!Number.isInteger(decoded) || decoded < 0 || decoded > items.length) {
        throw this.error('InterconnectValidationException', 'The nextToken is not valid');
      }
      offset = decoded;
    }
    const end = offset + (input.maxResults ?? 100);
    return {
      items: items.slice(offset, end),
      nextToken: end < items.length ? Buffer.from(`offset:${end}`, 'utf-8').toString('base64url') : undefined,
    };
  }

  private timing(name: keyof typeof INTERCONNECT_TIMINGS): number {
    return this.ctx.timing(name, INTERCONNECT_TIMINGS[name]);
  }

  private notFound(message: string): ServiceError {
    return this.error('ResourceNotFoundException', message);
  }

  private error(code: string, message: string, status?: number): ServiceError {
    return new ServiceError(status ?? this.model.errorStatus(code), code, message);
  }
}

function fingerprint(input: any): string {
  const { clientToken: _ignored, ...rest } = input;
  return stableJson(rest);
}

/** Two union values (provider, attach point) name the same thing when their one set member agrees. */
function sameUnion(a: object, b: object): boolean {
  return Object.entries(a).every(([k, v]) => v === undefined || (b as Record<string, unknown>)[k] === v);
}

/** Higher bandwidth, higher tier: the model bounds the tier to 0..8. */
function billingTier(env: InterconnectEnvironment, bandwidth: string): number {
  return Math.min(8, Math.max(0, env.bandwidths.supported.indexOf(bandwidth) + 1));
}
