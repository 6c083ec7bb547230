import { randomBytes, randomUUID } from 'crypto';
import { validateInput } from '../model-validator';
import { ServiceError, type EmulatorRequest, type EmulatorResponse, type EmulatorService, type ServiceContext } from '../service';
import { ServiceModel } from '../service-model';

interface SecretVersion {
  readonly versionId: string;
  readonly secretString: string;
  readonly createdDate: number;
  stages: string[];
}

interface SecretRecord {
  readonly name: string;
  readonly arn: string;
  kmsKeyId?: string;
  readonly createdDate: number;
  lastChangedDate: number;
  readonly versions: SecretVersion[];
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const OPERATIONS = ['GetSecretValue', 'DescribeSecret'];

/** Epoch seconds with a fraction, as AWS JSON 1.1 sends timestamps. */
function epochSeconds(ms: number): number {
  return ms / 1000;
}

/**
 * Secrets Manager over AWS JSON 1.1 (`X-Amz-Target: secretsmanager.<Op>`), just what the handlers read:
 * GetSecretValue and DescribeSecret. Tests seed secrets with the control
 * `putSecret` `{name, secretString, kmsKeyId?, region?}` → `{arn, versionId}`; each call adds a version and
 * moves AWSCURRENT to it (the old one becomes AWSPREVIOUS). `deleteSecret` `{name}` removes one.
 */
export class SecretsManagerService implements EmulatorService {
  readonly name = 'secretsmanager';
  readonly protocol = 'json' as const;
  readonly targetPrefix = 'secretsmanager';
  readonly jsonVersion = '1.1';

  private readonly model = ServiceModel.load('secretsmanager');
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
    const secret = this.find(input.SecretId);
    if (operation === 'DescribeSecret') return { status: 200, body: this.describe(secret) };
    const version = this.version(secret, input.VersionId, input.VersionStage);
    return {
      status: 200,
      body: {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        SecretString: version.secretString,
        VersionStages: [...version.stages],
        CreatedDate: epochSeconds(version.createdDate),
      },
    };
  }

  control(action: string, body: any): unknown {
    switch (action) {
      case 'putSecret': return this.putSecret(body);
      case 'deleteSecret': {
        if (!this.secrets.delete(String(body.name))) throw this.notFound();
        return { deleted: body.name };
      }
      default:
        throw new ServiceError(404, 'ResourceNotFoundException', `Secrets Manager has no control '${action}'; have putSecret, deleteSecret`);
    }
  }

  snapshot(): Record<string, unknown[]> {
    // Names and versions only: a snapshot is printed and logged, the values are not.
    return {
      secrets: [...this.secrets.values()].map(s => ({
        arn: s.arn,
        name: s.name,
        kmsKeyId: s.kmsKeyId,
        versions: s.versions.map(v => ({ versionId: v.versionId, stages: [...v.stages] })),
      })),
    };
  }

  private putSecret(body: any): { arn: string; versionId: string } {
    if (typeof body.name !== 'string' || body.name === '' || typeof body.secretString !== 'string') {
      throw new ServiceError(400, 'InvalidParameterException', 'putSecret needs {name: string, secretString: string, kmsKeyId?, region?}');
    }
    const now = this.ctx.now();
    let secret = this.secrets.get(body.name);
    if (!secret) {
      const region = typeof body.region === 'string' ? body.region : 'us-east-1';
      const suffix = Array.from(randomBytes(6), b => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
      secret = {
        name: body.name,
        arn: `arn:aws:secretsmanager:${region}:${this.ctx.accountId}:secret:${body.name}-${suffix}`,
        createdDate: now,
        lastChangedDate: now,
        versions: [],
      };
      this.secrets.set(secret.name, secret);
    }
    if (body.kmsKeyId !== undefined) secret.kmsKeyId = body.kmsKeyId;
    for (const v of secret.versions) {
      v.stages = v.stages.filter(s => s !== 'AWSPREVIOUS').map(s => (s === 'AWSCURRENT' ? 'AWSPREVIOUS' : s));
    }
    const version: SecretVersion = { versionId: randomUUID(), secretString: body.secretString, createdDate: now, stages: ['AWSCURRENT'] };
    secret.versions.push(version);
    secret.lastChangedDate = now;
    return { arn: secret.arn, versionId: version.versionId };
  }

  private find(id: string): SecretRecord {
    const secret = this.secrets.get(id) ?? [...this.secrets.values()].find(s => s.arn === id);
    if (!secret) throw this.notFound();
    return secret;
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
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.kmsKeyId ? { KmsKeyId: secret.kmsKeyId } : {}),
      CreatedDate: epochSeconds(secret.createdDate),
      LastChangedDate: epochSeconds(secret.lastChangedDate),
      VersionIdsToStages: versionIdsToStages,
    };
  }

  private notFound(): ServiceError {
    return new ServiceError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  }
}
