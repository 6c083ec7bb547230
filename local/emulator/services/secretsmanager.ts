import { randomBytes, randomUUID } from 'crypto';
import { validateInput } from '../model-validator';
import { partitionOf } from '../partitions';
import { ServiceError, type EmulatorRequest, type EmulatorResponse, type EmulatorService, type ServiceContext } from '../service';
import { ServiceModel } from '../service-model';

interface SecretVersion {
  readonly versionId: string;
  readonly secretString?: string;
  /** Base64, as the JSON protocol carries a blob. */
  readonly secretBinary?: string;
  readonly createdDate: number;
  stages: string[];
}

interface Tag {
  readonly Key: string;
  readonly Value: string;
}

interface SecretRecord {
  readonly name: string;
  readonly arn: string;
  /** The account that made the secret: the only one that can see it (no resource policies here). */
  readonly accountId: string;
  readonly region: string;
  kmsKeyId?: string;
  description?: string;
  tags: Tag[];
  readonly createdDate: number;
  lastChangedDate: number;
  /** When a scheduled deletion takes effect; the secret is gone once the clock passes it. */
  deletedDate?: number;
  readonly versions: SecretVersion[];
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const OPERATIONS = ['CreateSecret', 'PutSecretValue', 'GetSecretValue', 'DescribeSecret', 'DeleteSecret', 'TagResource'];
/** botocore CreateSecretRequest.Name: "ASCII letters, numbers, and the following characters: /_+=.@-". */
const NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const SECRET_ARN = /^arn:([a-z-]+):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;

/** Epoch seconds with a fraction, as AWS JSON 1.1 sends timestamps. */
function epochSeconds(ms: number): number {
  return ms / 1000;
}

/**
 * Secrets Manager over AWS JSON 1.1 (`X-Amz-Target: secretsmanager.<Op>`): CreateSecret, PutSecretValue,
 * GetSecretValue, DescribeSecret, DeleteSecret and TagResource, with the model's shapes, versions and
 * staging labels (provenance/secretsmanager.md says where each answer comes from).
 *
 * Secrets belong to the account and region of the call that made them, and their ARNs carry both. A name
 * is looked up in the caller's own account; another account's ARN is refused with AccessDeniedException,
 * since a cross-account read needs a resource policy and this emulator has none.
 *
 * Controls, for tests that seed secrets without a client: `putSecret`
 * `{name, secretString, kmsKeyId?, region?, accountId?}` → `{arn, versionId}` (a new secret, or a new
 * AWSCURRENT version of an existing one), and `deleteSecret` `{name, region?, accountId?}`, which removes
 * one at once. Both default to us-east-1 and the emulator's default account.
 */
export class SecretsManagerService implements EmulatorService {
  readonly name = 'secretsmanager';
  readonly protocol = 'json' as const;
  readonly targetPrefix = 'secretsmanager';
  readonly jsonVersion = '1.1';

  private readonly model = ServiceModel.load('secretsmanager');
  /** By `<account>|<region>|<name>`: names are unique within an account and region. */
  private secrets = new Map<string, SecretRecord>();

  constructor(private readonly ctx: ServiceContext) {}

  reset(): void {
    this.secrets = new Map();
  }

  operationOf(req: EmulatorRequest): string | undefined {
    const op = req.target?.slice(this.targetPrefix.length + 1);
    return op && OPERATIONS.includes(op) ? op : undefined;
  }

  handle(operation: string, req: EmulatorRequest): EmulatorResponse {
    const input = req.json ?? {};
    validateInput(this.model, operation, input);
    this.purgeExpired();
    switch (operation) {
      case 'CreateSecret': return { status: 200, body: this.createSecret(req, input) };
      case 'PutSecretValue': return { status: 200, body: this.putSecretValue(req, input) };
      case 'GetSecretValue': return { status: 200, body: this.getSecretValue(req, input) };
      case 'DescribeSecret': return { status: 200, body: this.describe(this.find(req, 'DescribeSecret', input.SecretId)) };
      case 'DeleteSecret': return { status: 200, body: this.deleteSecret(req, input) };
      case 'TagResource': return { status: 200, body: this.tagResource(req, input) };
      default: throw new ServiceError(400, 'UnknownOperationException', `Secrets Manager has no operation ${operation}`);
    }
  }

  control(action: string, body: any): unknown {
    this.purgeExpired();
    switch (action) {
      case 'putSecret': return this.putSecretControl(body);
      case 'deleteSecret': {
        const key = this.key(this.controlAccount(body), this.controlRegion(body), String(body.name));
        if (!this.secrets.delete(key)) throw this.notFound();
        return { deleted: body.name };
      }
      default:
        throw new ServiceError(404, 'ResourceNotFoundException', `Secrets Manager has no control '${action}'; have putSecret, deleteSecret`);
    }
  }

  snapshot(): Record<string, unknown[]> {
    // Names, owners and versions only: a snapshot is printed and logged, the values are not.
    return {
      secrets: [...this.secrets.values()].map(s => ({
        arn: s.arn,
        name: s.name,
        accountId: s.accountId,
        region: s.region,
        kmsKeyId: s.kmsKeyId,
        ...(s.deletedDate !== undefined ? { deletedDate: new Date(s.deletedDate).toISOString() } : {}),
        versions: s.versions.map(v => ({ versionId: v.versionId, stages: [...v.stages] })),
      })),
    };
  }

  // --- operations -------------------------------------------------------------------------------------

  private createSecret(req: EmulatorRequest, input: any): Record<string, unknown> {
    const name = String(input.Name);
    if (!NAME.test(name)) {
      // Assumed: the message a real endpoint gives for a name outside the documented characters.
      throw new ServiceError(400, 'ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');
    }
    this.checkOneValue(input, false);
    const key = this.key(req.accountId, req.region, name);
    const existing = this.secrets.get(key);
    if (existing) {
      if (existing.deletedDate !== undefined) {
        throw new ServiceError(400, 'InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");
      }
      // A retried create with the same token and value is ignored; anything else names the clash.
      const same = input.ClientRequestToken !== undefined && existing.versions.find(v => v.versionId === input.ClientRequestToken);
      if (same && same.secretString === input.SecretString && same.secretBinary === input.SecretBinary) {
        return { ARN: existing.arn, Name: existing.name, VersionId: same.versionId };
      }
      if (same) throw this.tokenInUse(input.ClientRequestToken, existing);
      throw new ServiceError(400, 'ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    }
    const now = this.ctx.now();
    const secret: SecretRecord = {
      name,
      arn: this.newArn(req.region, req.accountId, name),
      accountId: req.accountId,
      region: req.region,
      kmsKeyId: input.KmsKeyId || undefined,
      description: input.Description,
      tags: mergeTags([], input.Tags ?? []),
      createdDate: now,
      lastChangedDate: now,
      versions: [],
    };
    this.secrets.set(key, secret);
    if (input.SecretString === undefined && input.SecretBinary === undefined) return { ARN: secret.arn, Name: secret.name };
    const version = this.addVersion(secret, input.ClientRequestToken ?? randomUUID(), input, undefined);
    return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId };
  }

  private putSecretValue(req: EmulatorRequest, input: any): Record<string, unknown> {
    const secret = this.find(req, 'PutSecretValue', input.SecretId);
    this.checkNotDeleted(secret);
    this.checkOneValue(input, true);
    // The SDKs fill ClientRequestToken in (an idempotency token); a raw request without one still gets a version.
    const versionId = String(input.ClientRequestToken ?? randomUUID());
    const existing = secret.versions.find(v => v.versionId === versionId);
    if (existing) {
      if (existing.secretString !== input.SecretString || existing.secretBinary !== input.SecretBinary) throw this.tokenInUse(versionId, secret);
      return { ARN: secret.arn, Name: secret.name, VersionId: existing.versionId, VersionStages: [...existing.stages] };
    }
    const version = this.addVersion(secret, versionId, input, input.VersionStages);
    return { ARN: secret.arn, Name: secret.name, VersionId: version.versionId, VersionStages: [...version.stages] };
  }

  private getSecretValue(req: EmulatorRequest, input: any): Record<string, unknown> {
    const secret = this.find(req, 'GetSecretValue', input.SecretId);
    this.checkNotDeleted(secret);
    const version = this.version(secret, input.VersionId, input.VersionStage);
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.versionId,
      ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
      ...(version.secretBinary !== undefined ? { SecretBinary: version.secretBinary } : {}),
      VersionStages: [...version.stages],
      CreatedDate: epochSeconds(version.createdDate),
    };
  }

  private deleteSecret(req: EmulatorRequest, input: any): Record<string, unknown> {
    const force = input.ForceDeleteWithoutRecovery === true;
    const days = input.RecoveryWindowInDays;
    if (days !== undefined && force) {
      throw new ServiceError(400, 'InvalidParameterException', "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    if (days !== undefined && (days < 7 || days > 30)) {
      throw new ServiceError(400, 'InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    const now = this.ctx.now();
    let secret: SecretRecord;
    try {
      secret = this.find(req, 'DeleteSecret', input.SecretId);
    } catch (e) {
      // "If you forcibly delete an already deleted or nonexistent secret, the operation does not return
      // ResourceNotFoundException." What it returns instead is not documented (assumed: the name it was given).
      if (force && e instanceof ServiceError && e.code === 'ResourceNotFoundException') {
        return { Name: nameOf(String(input.SecretId)), DeletionDate: epochSeconds(now) };
      }
      throw e;
    }
    if (force) {
      this.secrets.delete(this.key(secret.accountId, secret.region, secret.name));
      return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(now) };
    }
    this.checkNotDeleted(secret);
    secret.deletedDate = now + (days ?? 30) * DAY_MS;
    secret.lastChangedDate = now;
    return { ARN: secret.arn, Name: secret.name, DeletionDate: epochSeconds(secret.deletedDate) };
  }

  private tagResource(req: EmulatorRequest, input: any): Record<string, unknown> {
    const secret = this.find(req, 'TagResource', input.SecretId);
    this.checkNotDeleted(secret);
    secret.tags = mergeTags(secret.tags, input.Tags ?? []);
    secret.lastChangedDate = this.ctx.now();
    return {};
  }

  // --- the control ------------------------------------------------------------------------------------

  private putSecretControl(body: any): { arn: string; versionId: string } {
    if (typeof body.name !== 'string' || body.name === '' || typeof body.secretString !== 'string') {
      throw new ServiceError(400, 'InvalidParameterException', 'putSecret needs {name: string, secretString: string, kmsKeyId?, region?, accountId?}');
    }
    const accountId = this.controlAccount(body);
    const region = this.controlRegion(body);
    const key = this.key(accountId, region, body.name);
    let secret = this.secrets.get(key);
    if (!secret) {
      const now = this.ctx.now();
      secret = {
        name: body.name,
        arn: this.newArn(region, accountId, body.name),
        accountId,
        region,
        tags: [],
        createdDate: now,
        lastChangedDate: now,
        versions: [],
      };
      this.secrets.set(key, secret);
    }
    if (body.kmsKeyId !== undefined) secret.kmsKeyId = body.kmsKeyId;
    const version = this.addVersion(secret, randomUUID(), { SecretString: body.secretString }, undefined);
    return { arn: secret.arn, versionId: version.versionId };
  }

  private controlAccount(body: any): string {
    const accountId = String(body.accountId ?? this.ctx.accountId);
    if (!/^\d{12}$/.test(accountId)) throw new ServiceError(400, 'InvalidParameterException', `accountId '${accountId}' is not a 12-digit account id`);
    return accountId;
  }

  private controlRegion(body: any): string {
    return typeof body.region === 'string' ? body.region : 'us-east-1';
  }

  // --- shared -----------------------------------------------------------------------------------------

  private key(accountId: string, region: string, name: string): string {
    return `${accountId}|${region}|${name}`;
  }

  private newArn(region: string, accountId: string, name: string): string {
    const suffix = Array.from(randomBytes(6), b => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
    return `arn:${partitionOf(region) ?? 'aws'}:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
  }

  /** Secrets whose recovery window has ended are deleted for good. */
  private purgeExpired(): void {
    const now = this.ctx.now();
    for (const [key, s] of this.secrets) if (s.deletedDate !== undefined && s.deletedDate <= now) this.secrets.delete(key);
  }

  /**
   * The secret a `SecretId` names, as the caller may see it: a name in the caller's own account and region;
   * an ARN (complete, or partial without the six-character suffix) of the caller's account in this region.
   * Another account's ARN is AccessDeniedException whether or not the secret exists.
   */
  private find(req: EmulatorRequest, operation: string, id: string): SecretRecord {
    const arn = SECRET_ARN.exec(id);
    if (!arn) {
      const secret = this.secrets.get(this.key(req.accountId, req.region, id));
      if (!secret) throw this.notFound();
      return secret;
    }
    const [, , region, accountId, rest] = arn;
    if (accountId !== req.accountId) {
      throw new ServiceError(400, 'AccessDeniedException',
        `User: arn:aws:iam::${req.accountId}:root is not authorized to perform: secretsmanager:${operation} on resource: ${id} ` +
        `because no resource-based policy allows the secretsmanager:${operation} action`);
    }
    if (region !== req.region) throw this.notFound();
    const secret = [...this.secrets.values()].find(s =>
      s.accountId === accountId && s.region === region && (s.arn === id || s.name === rest));
    if (!secret) throw this.notFound();
    return secret;
  }

  private checkNotDeleted(secret: SecretRecord): void {
    if (secret.deletedDate !== undefined) {
      throw new ServiceError(400, 'InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");
    }
  }

  /** Exactly one of SecretString and SecretBinary (CreateSecret may have neither: a secret without a version). */
  private checkOneValue(input: any, required: boolean): void {
    const count = (input.SecretString !== undefined ? 1 : 0) + (input.SecretBinary !== undefined ? 1 : 0);
    if (count > 1) {
      // Assumed wording; the model's docs say only "Either SecretString or SecretBinary must have a value, but not both."
      throw new ServiceError(400, 'InvalidParameterException', "You can't specify both a binary secret value and a string secret value in the same secret.");
    }
    if (count === 0 && required) {
      throw new ServiceError(400, 'InvalidParameterException', 'You must provide either SecretString or SecretBinary.');
    }
  }

  /**
   * A new version with the given labels (AWSCURRENT when none are given, and always on a secret's first
   * version). A label moves from any version that had it; when AWSCURRENT moves, the version it left becomes
   * AWSPREVIOUS, and an older AWSPREVIOUS loses that label.
   */
  private addVersion(secret: SecretRecord, versionId: string, input: any, stages: string[] | undefined): SecretVersion {
    const wanted = [...new Set(stages && stages.length > 0 ? stages : ['AWSCURRENT'])];
    if (secret.versions.length === 0 && !wanted.includes('AWSCURRENT')) wanted.push('AWSCURRENT');
    const previousCurrent = secret.versions.find(v => v.stages.includes('AWSCURRENT'));
    for (const v of secret.versions) v.stages = v.stages.filter(s => !wanted.includes(s));
    if (wanted.includes('AWSCURRENT') && previousCurrent) {
      for (const v of secret.versions) v.stages = v.stages.filter(s => s !== 'AWSPREVIOUS');
      previousCurrent.stages.push('AWSPREVIOUS');
    }
    const now = this.ctx.now();
    const version: SecretVersion = {
      versionId,
      ...(input.SecretString !== undefined ? { secretString: String(input.SecretString) } : {}),
      ...(input.SecretBinary !== undefined ? { secretBinary: String(input.SecretBinary) } : {}),
      createdDate: now,
      stages: wanted,
    };
    secret.versions.push(version);
    secret.lastChangedDate = now;
    return version;
  }

  private version(secret: SecretRecord, versionId?: string, stage?: string): SecretVersion {
    const wantedStage = stage ?? (versionId ? undefined : 'AWSCURRENT');
    const version = secret.versions.find(v =>
      (versionId === undefined || v.versionId === versionId) && (wantedStage === undefined || v.stages.includes(wantedStage)));
    if (!version) {
      throw new ServiceError(400, 'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for ${versionId ? `VersionId: ${versionId}` : `staging label: ${wantedStage}`}`);
    }
    return version;
  }

  private describe(secret: SecretRecord): Record<string, unknown> {
    const versionIdsToStages: Record<string, string[]> = {};
    for (const v of secret.versions) if (v.stages.length > 0) versionIdsToStages[v.versionId] = [...v.stages];
    // "Secrets Manager only returns fields that have a value in the response."
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description ? { Description: secret.description } : {}),
      ...(secret.kmsKeyId ? { KmsKeyId: secret.kmsKeyId } : {}),
      CreatedDate: epochSeconds(secret.createdDate),
      LastChangedDate: epochSeconds(secret.lastChangedDate),
      ...(secret.deletedDate !== undefined ? { DeletedDate: epochSeconds(secret.deletedDate) } : {}),
      ...(secret.tags.length > 0 ? { Tags: secret.tags.map(t => ({ ...t })) } : {}),
      ...(secret.versions.length > 0 ? { VersionIdsToStages: versionIdsToStages } : {}),
    };
  }

  private tokenInUse(token: string, secret: SecretRecord): ServiceError {
    return new ServiceError(400, 'ResourceExistsException',
      `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${secret.arn}.`);
  }

  private notFound(): ServiceError {
    return new ServiceError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  }
}

/** Tags appended to a secret's list, a key given again taking the new value. */
function mergeTags(existing: Tag[], added: Array<{ Key?: string; Value?: string }>): Tag[] {
  const byKey = new Map(existing.map(t => [t.Key, t.Value]));
  for (const t of added) byKey.set(String(t.Key), String(t.Value ?? ''));
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

/** The name inside a secret's ARN (without the six-character suffix), or the id itself when it is a name. */
function nameOf(id: string): string {
  const arn = SECRET_ARN.exec(id);
  return arn ? arn[4].replace(/-[A-Za-z0-9]{6}$/, '') : id;
}
