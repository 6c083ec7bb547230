/** What a SigV4 `Authorization` header names: who signed, for which region and service. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

const SIGV4 = /^AWS4-HMAC-SHA256\s+(.*)$/;

/**
 * Parses the credential scope of a SigV4 `Authorization` header, or returns undefined when the header is
 * missing or not SigV4. The signature itself is deliberately not checked: any dummy credentials work
 * locally, but an unsigned request (a client that forgot to sign) must still be rejected as AWS would.
 */
export function parseCredentialScope(authorization: string | undefined): CredentialScope | undefined {
  const m = SIGV4.exec((authorization ?? '').trim());
  if (!m) return undefined;
  const credential = m[1].split(',').map(p => p.trim()).find(p => p.startsWith('Credential='));
  if (!credential) return undefined;
  const parts = credential.slice('Credential='.length).split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !parts[0] || !parts[2] || !parts[3]) return undefined;
  return { accessKeyId: parts[0], date: parts[1], region: parts[2], service: parts[3] };
}

const ACCOUNT_KEY = /^\d{12}$/;

/** The account a caller acts as: its access key id when that is a 12-digit number, the default account otherwise. */
export function accountOf(scope: CredentialScope | undefined, defaultAccountId: string): string {
  return scope && ACCOUNT_KEY.test(scope.accessKeyId) ? scope.accessKeyId : defaultAccountId;
}
