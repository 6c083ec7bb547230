/** The AWS settings the handlers must see while the runner drives them. */
export interface AwsEnvironmentSettings {
  /** The local emulator; when absent, AWS_ENDPOINT_URL is left as it is. */
  readonly endpoint?: string;
  readonly region: string;
}

/** Dummy credentials: the emulator checks that requests are signed, not by whom. */
export const DUMMY_ACCESS_KEY_ID = 'AKIDLOCALRUNNER00000';
export const DUMMY_SECRET_ACCESS_KEY = 'local-runner-dummy-secret-access-key';

/**
 * Run `fn` with the process environment pointing the SDK at the emulator, then put every variable back
 * exactly as it was, so a test file or a CLI invocation leaves no trace. A session token or profile from
 * the developer's shell would be sent with the dummy keys (or win over them), so they are hidden meanwhile.
 */
export async function withAwsEnvironment<T>(settings: AwsEnvironmentSettings, fn: () => Promise<T>): Promise<T> {
  const wanted: Record<string, string | undefined> = {
    AWS_REGION: settings.region,
    AWS_DEFAULT_REGION: settings.region,
    AWS_ACCESS_KEY_ID: DUMMY_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: DUMMY_SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    ...(settings.endpoint ? { AWS_ENDPOINT_URL: settings.endpoint } : {}),
  };
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(wanted)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
