import {
  AssociateAwsAccountWithPartnerAccountCommand, DisassociateAwsAccountFromPartnerAccountCommand, GetPartnerAccountCommand,
  IoTWirelessClient, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, UpdatePartnerAccountCommand,
} from '@aws-sdk/client-iot-wireless';
import { registerSecret } from '../../runtime/redact';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';

const PARTNER_TYPE = 'Sidewalk';

/** A Sidewalk partner account as the handler sees it: never with the private key. */
export interface SidewalkPartnerAccount {
  readonly partnerAccountId: string;
  readonly arn?: string;
  readonly fingerprint?: string;
  readonly accountLinked?: boolean;
}

export interface AssociateRequest {
  readonly amazonId: string;
  readonly appServerPrivateKey: string;
  readonly clientRequestToken: string;
  readonly tags: Record<string, string>;
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * The IoT Wireless calls the Sidewalk handler makes, behind one seam, in the region that serves Amazon
 * Sidewalk partner accounts in the stack's partition (the handler picks it), whatever region the stack is
 * in. (`AWS_ENDPOINT_URL_IOT_WIRELESS` points it at the local emulator.)
 */
export class SidewalkPartnerApi {
  private readonly client: IoTWirelessClient;

  constructor(region: string, client?: IoTWirelessClient) {
    this.client = client ?? new IoTWirelessClient({ region, retryStrategy: new InvocationRetryStrategy() });
  }

  /**
   * AssociateAwsAccountWithPartnerAccount. Its response echoes the private key: only the id and ARN
   * leave this method, and the echoed value is registered for redaction in case it differs in form
   * (case, whitespace) from the one sent.
   */
  public async associate(request: AssociateRequest): Promise<SidewalkPartnerAccount> {
    const response = await this.client.send(new AssociateAwsAccountWithPartnerAccountCommand({
      Sidewalk: { AmazonId: request.amazonId, AppServerPrivateKey: request.appServerPrivateKey },
      ClientRequestToken: request.clientRequestToken,
      Tags: Object.keys(request.tags).length > 0 ? tagList(request.tags) : undefined,
    }));
    registerSecret(response.Sidewalk?.AppServerPrivateKey);
    return { partnerAccountId: response.Sidewalk?.AmazonId || request.amazonId, arn: response.Arn };
  }

  public async get(partnerAccountId: string): Promise<SidewalkPartnerAccount> {
    const response = await this.client.send(new GetPartnerAccountCommand({ PartnerAccountId: partnerAccountId, PartnerType: PARTNER_TYPE }));
    if (!response.Sidewalk) {
      // The service always names the account it found; an answer without it (an empty 200 from a proxy)
      // says nothing, and must not complete the resource with blank attributes. Try again.
      const error = new Error(`Deserialization error: GetPartnerAccount answered without the Sidewalk account ${partnerAccountId}.`);
      error.name = 'DeserializationError';
      throw error;
    }
    return {
      partnerAccountId: response.Sidewalk?.AmazonId || partnerAccountId,
      arn: response.Sidewalk?.Arn,
      fingerprint: response.Sidewalk?.Fingerprint,
      accountLinked: response.AccountLinked,
    };
  }

  public async updateKey(partnerAccountId: string, appServerPrivateKey: string): Promise<void> {
    await this.client.send(new UpdatePartnerAccountCommand({
      PartnerAccountId: partnerAccountId,
      PartnerType: PARTNER_TYPE,
      Sidewalk: { AppServerPrivateKey: appServerPrivateKey },
    }));
  }

  public async disassociate(partnerAccountId: string): Promise<void> {
    await this.client.send(new DisassociateAwsAccountFromPartnerAccountCommand({ PartnerAccountId: partnerAccountId, PartnerType: PARTNER_TYPE }));
  }

  public async tag(arn: string, tags: Record<string, string>): Promise<void> {
    await this.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tagList(tags) }));
  }

  public async tagsOf(arn: string): Promise<Record<string, string>> {
    const response = await this.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    return Object.fromEntries((response.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  }

  public async untag(arn: string, tagKeys: string[]): Promise<void> {
    await this.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: tagKeys }));
  }
}
