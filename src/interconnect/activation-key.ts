import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { validatePattern } from '../core/validation';

/**
 * The activation key of a partner's connection proposal, read from Secrets Manager at deploy time.
 *
 * The key is sensitive: it never appears in the template, only a reference to the secret that holds it.
 * (CloudFormation does not resolve secure dynamic references inside custom resources, so the handler
 * reads the secret itself.)
 */
export class ActivationKey {
  /**
   * Read the activation key from a secret.
   *
   * @param secret the secret that holds the key.
   * @param jsonField the field of a JSON secret that holds the key. Omit it when the whole secret string is the key.
   */
  public static fromSecret(secret: secretsmanager.ISecret, jsonField?: string): ActivationKey {
    validatePattern('activation key JSON field', jsonField, /[A-Za-z0-9_.-]{1,128}/,
      'a JSON field name of 1 to 128 letters, digits, dots, dashes or underscores');
    return new ActivationKey(secret, jsonField);
  }

  /**
   * @param secret the secret that holds the key.
   * @param jsonField the JSON field that holds the key, if any.
   */
  private constructor(public readonly secret: secretsmanager.ISecret, public readonly jsonField?: string) {}
}
