import { createHash } from 'crypto';
import { validateInput } from '../model-validator';
import { IOT_WIRELESS_REGIONS, partitionOf, SIDEWALK_REGIONS } from '../partitions';
import { ServiceError, type EmulatorRequest, type EmulatorResponse, type EmulatorService, type ServiceContext } from '../service';
import { ServiceModel } from '../service-model';

/** The one region that serves Amazon Sidewalk partner accounts (in the `aws` partition, the only one that has them). */
export const SIDEWALK_HOME_REGION = SIDEWALK_REGIONS.aws;

const DEFAULT_PAGE_SIZE = 10;

/**
 * The fingerprint the emulator reports for a private key: the SHA-256 of its lower-cased hex, so tests
 * can check which key a partner account holds without the key ever leaving the emulator.
 */
export function sidewalkFingerprint(appServerPrivateKey: string): string {
  return createHash('sha256').update(appServerPrivateKey.toLowerCase()).digest('hex');
}

interface PartnerAccountRecord {
  /** The AWS account that associated it: the only one that sees, changes or disassociates it. */
  readonly ownerAccountId: string;
  readonly amazonId: string;
  readonly arn: string;
  appServerPrivateKey: string;
  tags: Map<string, string>;
}

interface TokenRecord {
  readonly amazonId: string;
  readonly fingerprint: string;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
}

const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/partner-accounts$/, operation: 'AssociateAwsAccountWithPartnerAccount' },
  { method: 'GET', pattern: /^\/partner-accounts$/, operation: 'ListPartnerAccounts' },
  { method: 'GET', pattern: /^\/partner-accounts\/([^/]+)$/, operation: 'GetPartnerAccount' },
  { method: 'PATCH', pattern: /^\/partner-accounts\/([^/]+)$/, operation: 'UpdatePartnerAccount' },
  { method: 'DELETE', pattern: /^\/partner-accounts\/([^/]+)$/, operation: 'DisassociateAwsAccountFromPartnerAccount' },
  { method: 'POST', pattern: /^\/tags$/, operation: 'TagResource' },
  { method: 'DELETE', pattern: /^\/tags$/, operation: 'UntagResource' },
  { method: 'GET', pattern: /^\/tags$/, operation: 'ListTagsForResource' },
];

/**
 * AWS IoT Wireless over REST-JSON (SigV4 signing name `iotwireless`), just the Amazon Sidewalk partner
 * accounts: associate (idempotent on `ClientRequestToken`; the response echoes the private key, as the
 * real one does), get (with the key's fingerprint, never the key), list, update the key, disassociate, and
 * tags. IoT Wireless answers only in the regions botocore's `endpoints.json` lists (all in the `aws`
 * partition); partner accounts exist in us-east-1 only: elsewhere there are none, and associating one fails
 * with a `ValidationException`. A partner-account association belongs to the AWS account that made it:
 * another account neither sees nor changes it (it reads as not found). Requests are checked against the
 * real model. See `local/emulator/provenance/iotwireless.md` for where each answer comes from.
 */
export class IoTWirelessService implements EmulatorService {
  readonly name = 'iotwireless';
  readonly protocol = 'rest-json' as const;
  readonly signingName = 'iotwireless';

  private readonly model = ServiceModel.load('iotwireless');
  private accounts = new Map<string, PartnerAccountRecord>();
  private tokens = new Map<string, TokenRecord>();

  constructor(private readonly ctx: ServiceContext) {}

  reset(): void {
    this.accounts = new Map();
    this.tokens = new Map();
  }

  operationOf(req: EmulatorRequest): string | undefined {
    return ROUTES.find((r) => r.method === req.method && r.pattern.test(req.path))?.operation;
  }

  handle(operation: string, req: EmulatorRequest): EmulatorResponse {
    const partition = partitionOf(req.region);
    if (!partition || !(IOT_WIRELESS_REGIONS[partition] ?? []).includes(req.region)) {
      // No IoT Wireless endpoint there: no real server would answer; this is the closest an emulator can say.
      throw new ServiceError(403, 'UnrecognizedClientException', `AWS IoT Wireless has no endpoint in region '${req.region}'.`);
    }
    const input = this.inputOf(operation, req);
    validateInput(this.model, operation, input);
    const home = req.region === SIDEWALK_REGIONS[partition];
    const caller = { accountId: req.accountId, partition, region: req.region };
    switch (operation) {
      case 'AssociateAwsAccountWithPartnerAccount':
        if (!home) {
          throw validation(`Amazon Sidewalk is not available in ${req.region}; partner accounts are managed in ${SIDEWALK_HOME_REGION}.`);
        }
        return ok(this.associate(input, caller));
      case 'ListPartnerAccounts': {
        const all = home ? [...this.accounts.values()].filter((a) => a.ownerAccountId === caller.accountId).map((a) => this.view(a)) : [];
        const start = input.NextToken ? Number(input.NextToken) : 0;
        const size = input.MaxResults || DEFAULT_PAGE_SIZE;
        const end = start + size;
        return ok({ Sidewalk: all.slice(start, end), ...(end < all.length ? { NextToken: String(end) } : {}) });
      }
      case 'GetPartnerAccount':
        return ok({ Sidewalk: this.view(this.account(input.PartnerAccountId, home, caller.accountId)), AccountLinked: true });
      case 'UpdatePartnerAccount': {
        const account = this.account(input.PartnerAccountId, home, caller.accountId);
        if (input.Sidewalk?.AppServerPrivateKey) account.appServerPrivateKey = input.Sidewalk.AppServerPrivateKey;
        return { status: 204 };
      }
      case 'DisassociateAwsAccountFromPartnerAccount': {
        const account = this.account(input.PartnerAccountId, home, caller.accountId);
        this.accounts.delete(recordKey(account.ownerAccountId, account.amazonId));
        return { status: 204 };
      }
      case 'TagResource': {
        const account = this.byArn(input.ResourceArn, home, caller.accountId);
        for (const t of input.Tags as Array<{ Key: string; Value: string }>) account.tags.set(t.Key, t.Value);
        return { status: 204 };
      }
      case 'UntagResource': {
        const account = this.byArn(input.ResourceArn, home, caller.accountId);
        for (const k of input.TagKeys as string[]) account.tags.delete(k);
        return { status: 204 };
      }
      case 'ListTagsForResource':
        return ok({ Tags: tagList(this.byArn(input.ResourceArn, home, caller.accountId).tags) });
      default:
        throw validation(`The emulator does not implement ${operation}`);
    }
  }

  snapshot(): Record<string, unknown[]> {
    // Fingerprints only: a snapshot is printed and logged, the keys never are.
    return { partnerAccounts: [...this.accounts.values()].map((a) => ({ ...this.view(a), Tags: tagList(a.tags) })) };
  }

  /** A partner account as GetPartnerAccount shows it, plus its tags (in-process, for tests and the demo). */
  partnerAccount(amazonId: string, accountId = this.ctx.accountId): { fingerprint: string; arn: string; tags: Record<string, string> } | undefined {
    const a = this.accounts.get(recordKey(accountId, amazonId));
    return a && { fingerprint: sidewalkFingerprint(a.appServerPrivateKey), arn: a.arn, tags: Object.fromEntries(a.tags) };
  }

  private associate(input: any, caller: { accountId: string; partition: string; region: string }): unknown {
    const amazonId: string | undefined = input.Sidewalk?.AmazonId;
    const key: string | undefined = input.Sidewalk?.AppServerPrivateKey;
    if (!amazonId || !key) throw validation('Sidewalk.AmazonId and Sidewalk.AppServerPrivateKey are required.');
    const token: string | undefined = input.ClientRequestToken;
    const fingerprint = sidewalkFingerprint(key);
    // Tokens, like the accounts they made, are the calling account's own.
    const seen = token ? this.tokens.get(recordKey(caller.accountId, token)) : undefined;
    const existing = this.accounts.get(recordKey(caller.accountId, amazonId));
    if (seen) {
      if (seen.amazonId !== amazonId || seen.fingerprint !== fingerprint) {
        throw conflict(amazonId, `ClientRequestToken ${token} was already used with different parameters.`);
      }
      if (existing) return this.associateResponse(existing);
    } else if (existing) {
      throw conflict(amazonId, `Partner account ${amazonId} is already associated with this AWS account.`);
    }
    const record: PartnerAccountRecord = {
      ownerAccountId: caller.accountId,
      amazonId,
      arn: `arn:${caller.partition}:iotwireless:${caller.region}:${caller.accountId}:SidewalkAccount/${amazonId}`,
      appServerPrivateKey: key,
      tags: new Map(((input.Tags ?? []) as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value])),
    };
    this.accounts.set(recordKey(caller.accountId, amazonId), record);
    if (token) this.tokens.set(recordKey(caller.accountId, token), { amazonId, fingerprint });
    return this.associateResponse(record);
  }

  private associateResponse(a: PartnerAccountRecord): unknown {
    return { Sidewalk: { AmazonId: a.amazonId, AppServerPrivateKey: a.appServerPrivateKey }, Arn: a.arn };
  }

  private view(a: PartnerAccountRecord): Record<string, unknown> {
    return { AmazonId: a.amazonId, Fingerprint: sidewalkFingerprint(a.appServerPrivateKey), Arn: a.arn };
  }

  private account(id: string, home: boolean, accountId: string): PartnerAccountRecord {
    const found = home ? this.accounts.get(recordKey(accountId, id)) : undefined;
    if (!found) throw notFound(id, `Partner account ${id} not found.`);
    return found;
  }

  private byArn(arn: string, home: boolean, accountId: string): PartnerAccountRecord {
    const found = home ? [...this.accounts.values()].find((a) => a.arn === arn && a.ownerAccountId === accountId) : undefined;
    if (!found) throw notFound(arn, `Resource ${arn} not found.`);
    return found;
  }

  /** Path, query and body members merged into one object, as the model describes the input. */
  private inputOf(operation: string, req: EmulatorRequest): Record<string, any> {
    const input: Record<string, any> = { ...(req.json ?? {}) };
    const m = /^\/partner-accounts\/([^/]+)$/.exec(req.path);
    if (m) input.PartnerAccountId = decodeURIComponent(m[1]);
    const q = req.query;
    if (q.has('partnerType')) input.PartnerType = q.get('partnerType');
    if (q.has('resourceArn')) input.ResourceArn = q.get('resourceArn');
    if (q.has('tagKeys')) input.TagKeys = q.getAll('tagKeys');
    if (q.has('nextToken')) input.NextToken = q.get('nextToken');
    if (q.has('maxResults')) input.MaxResults = Number(q.get('maxResults'));
    if (operation === 'ListPartnerAccounts' && input.NextToken && !/^\d+$/.test(input.NextToken)) {
      throw validation(`Invalid nextToken '${input.NextToken}'.`);
    }
    return input;
  }
}

/** Partner accounts and client tokens live in the namespace of the AWS account that made them. */
function recordKey(accountId: string, id: string): string {
  return `${accountId}|${id}`;
}

function ok(body: unknown): EmulatorResponse {
  return { status: 200, body };
}

function tagList(tags: Map<string, string>): Array<{ Key: string; Value: string }> {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

function notFound(resourceId: string, message: string): ServiceError {
  return new ServiceError(404, 'ResourceNotFoundException', message, { ResourceId: resourceId, ResourceType: 'SidewalkAccount' });
}

function conflict(resourceId: string, message: string): ServiceError {
  return new ServiceError(409, 'ConflictException', message, { ResourceId: resourceId, ResourceType: 'SidewalkAccount' });
}

function validation(message: string): ServiceError {
  return new ServiceError(400, 'ValidationException', message);
}
