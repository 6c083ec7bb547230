/**
 * Redaction of secrets before anything is logged, returned or put in a failure reason.
 *
 * Two layers: values under secret-bearing keys are replaced wherever they appear in a structure, and
 * every secret value the process has seen (registered with `registerSecret`) is masked inside any string.
 */
export const REDACTED = '*****';

const SECRET_KEY = /(activationkey|authkey|privatekey|secretstring|secretbinary|responseurl|password|credentials|sessiontoken|secretaccesskey)/i;

const knownSecrets = new Set<string>();

/** Remember a secret value so it is masked in every later log line, response and error. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= 4) {
    knownSecrets.add(value);
  }
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactString(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) {
      out = out.split(secret).join(REDACTED);
    }
  }
  return out;
}

/** A deep copy with secret keys and known secret values masked. Never mutates its input. */
export function redact<T>(value: T, depth = 0): T {
  if (depth > 12) return REDACTED as unknown as T;
  if (typeof value === 'string') return redactString(value) as unknown as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as unknown as T;
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message) } as unknown as T;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretKey(k) && v !== undefined && v !== null && v !== '' ? REDACTED : redact(v, depth + 1);
    }
    return out as T;
  }
  return value;
}
