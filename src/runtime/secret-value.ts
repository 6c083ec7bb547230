import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TerminalError } from './errors';
import { registerSecret } from './redact';
import { InvocationRetryStrategy } from './retry-budget';

let client: SecretsManagerClient | undefined;

/**
 * Read a secret at deploy time, so secret material never sits in the template. The value (and the
 * field read from it) is registered for redaction before it is returned, so no later log line,
 * response or failure reason can carry it.
 *
 * @param secretId the secret's ARN
 * @param jsonField a field of a JSON secret to read instead of the whole string
 * @param versionId a specific version, when the construct pins one
 */
export async function readSecretValue(secretId: string, jsonField?: string, versionId?: string): Promise<string> {
  client ??= new SecretsManagerClient({ retryStrategy: new InvocationRetryStrategy() });
  const response = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId || undefined }));
  const text = response.SecretString;
  if (text === undefined) {
    throw new TerminalError(`Secret ${secretId} has no string value. Store the value as a SecretString.`);
  }
  registerSecret(text);
  if (!jsonField) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TerminalError(`Secret ${secretId} is not JSON, so field '${jsonField}' cannot be read. Store a JSON object or omit the field.`);
  }
  const value = (parsed as Record<string, unknown>)?.[jsonField];
  if (typeof value !== 'string' || value === '') {
    throw new TerminalError(`Secret ${secretId} has no string field '${jsonField}'. Add it to the secret or name the right field.`);
  }
  registerSecret(value);
  return value;
}
