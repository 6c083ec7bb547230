import { createHash } from 'crypto';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';

let client: SecretsManagerClient | undefined;

/** What identifies one write of one connection's key into one secret. */
export interface ActivationKeyWrite {
  readonly secretArn: string;
  readonly stackId: string;
  readonly logicalResourceId: string;
  readonly connectionId: string;
}

/**
 * The version id of a write: a UUID derived from the stack, the resource, the connection and the secret,
 * never from the key (the token is a request parameter, which CloudTrail records). A retried or repeated
 * write of the same connection's key into the same secret then adds no version (PutSecretValue ignores a
 * known token with the same value); a replaced connection, or another secret, gets a token of its own.
 */
export function activationKeyVersionId(write: ActivationKeyWrite, attempt = ''): string {
  const hex = createHash('sha256')
    .update([write.stackId, write.logicalResourceId, write.connectionId, write.secretArn, attempt].join('\u0000'))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Write the activation key into the secret as its new AWSCURRENT version, and answer the version id. The
 * key travels in the request body only (SecretString, which Secrets Manager keeps out of CloudTrail); the
 * caller has registered it for redaction, so no log line or reason can carry it.
 */
export async function writeActivationKey(write: ActivationKeyWrite, activationKey: string, versionId: string): Promise<string> {
  client ??= new SecretsManagerClient({ retryStrategy: new InvocationRetryStrategy() });
  const response = await client.send(new PutSecretValueCommand({
    SecretId: write.secretArn,
    SecretString: activationKey,
    ClientRequestToken: versionId,
  }));
  return response.VersionId ?? versionId;
}
