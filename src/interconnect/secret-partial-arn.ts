import { Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** The six random characters, after a hyphen, that Secrets Manager appends to a secret's name in its ARN. */
const SECRET_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/**
 * The secret's ARN without the random suffix: the same string whichever way the secret was imported.
 *
 * `Secret.fromSecretNameV2` gives `arn:…:secret:<name>` (built from the stack's environment, which
 * CloudFormation resolves), `Secret.fromSecretCompleteArn` gives `arn:…:secret:<name>-AbCdEf`. A property
 * that carried `secretArn` as it is would differ between the two for one and the same secret, and a
 * replacing property that differs replaces the resource. Only a complete ARN known at synth can be cut here
 * (a name may itself end in a hyphen and six letters, so only the construct knows which form it holds); a
 * complete ARN that is a token stays as it is.
 */
export function secretPartialArn(secret: secretsmanager.ISecret): string {
  const complete = secret.secretFullArn;
  if (complete === undefined) return secret.secretArn;
  if (Token.isUnresolved(complete)) return complete;
  return complete.replace(SECRET_ARN_SUFFIX, '');
}
