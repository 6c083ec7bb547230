import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The credentials of the handler bundle's SDK clients: the function's own, from the environment.
 *
 * The handler bundle puts this in place of `@aws-sdk/credential-provider-node`'s default chain (an esbuild
 * alias, scripts/bundle-handler.js), whose SSO, OIDC, STS, ini-file, process and instance-metadata links
 * are most of the bundle's code and none of what a Lambda function needs: Lambda always puts the execution
 * role's credentials in `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * the chain's first link. The lifecycle runner sets the same variables. The source, as the tests and the
 * local tools run it, keeps the SDK's default chain.
 *
 * It keeps the default chain's signature (`defaultProvider(init)`) so that every client built with the
 * default `credentialDefaultProvider` uses it unchanged.
 */
export function defaultProvider(init?: Parameters<typeof fromEnv>[0]): AwsCredentialIdentityProvider {
  const fromEnvironment = fromEnv(init);
  return async (): Promise<AwsCredentialIdentity> => {
    try {
      return await fromEnvironment();
    } catch (err) {
      const error = new Error('The handler found no AWS credentials in its environment (AWS_ACCESS_KEY_ID and ' +
        'AWS_SECRET_ACCESS_KEY, which Lambda sets from the function\'s execution role). Run it as a Lambda ' +
        'function, or set those variables to run it elsewhere.');
      error.name = (err as Error)?.name ?? 'CredentialsProviderError';
      throw error;
    }
  };
}
