import { TerminalError } from '../../runtime/errors';
import { registerSecret } from '../../runtime/redact';
import { readSecretValue } from '../../runtime/secret-value';

const PRIVATE_KEY = /^[0-9a-fA-F]{64}$/;

/** Where the Sidewalk application server private key is read from. */
export interface PrivateKeySource {
  readonly secretArn: string;
  readonly jsonField?: string;
  readonly versionId?: string;
}

/**
 * Read the Sidewalk application server private key from Secrets Manager at deploy time and check its
 * form before IoT Wireless sees it. The failure says where the key was read from and what is wrong with
 * it, never the key itself (every value read is registered for redaction before this returns or throws).
 */
export async function readAppServerPrivateKey(source: PrivateKeySource): Promise<string> {
  const raw = await readSecretValue(source.secretArn, source.jsonField || undefined, source.versionId || undefined);
  const key = raw.trim();
  registerSecret(key);
  if (!PRIVATE_KEY.test(key)) {
    const where = `secret ${source.secretArn}${source.jsonField ? ` (JSON field '${source.jsonField}')` : ''}` +
      `${source.versionId ? ` at version ${source.versionId}` : ''}`;
    const found = /^[0-9a-fA-F]*$/.test(key) ? `${key.length} hexadecimal characters` : `${key.length} characters, not all hexadecimal`;
    throw new TerminalError(`The Sidewalk application server private key in ${where} must be 64 hexadecimal characters, ` +
      `but it has ${found}. Store the key as 64 hex characters${source.jsonField ? '' : ', or name the JSON field that holds it'}.`);
  }
  return key;
}
