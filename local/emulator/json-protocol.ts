import type { CredentialScope } from './credential-scope';
import type { EmulatorService } from './service';
import { ServiceModel } from './service-model';

/**
 * What a real endpoint checks of an AWS JSON (or Smithy RPC v2 CBOR) request, from each service's own
 * model metadata: the SigV4 signing name (`signingName`, else `endpointPrefix`, as botocore resolves it),
 * the `X-Amz-Target` prefix, the JSON version of the content type, and whether the service also speaks
 * `smithy-rpc-v2-cbor` (its `protocols` list). One table for every JSON-protocol service.
 */
export interface JsonProtocolRules {
  readonly signingName: string;
  readonly targetPrefix: string;
  readonly jsonVersion: string;
  readonly cbor: boolean;
}

export function jsonProtocolRules(service: EmulatorService): JsonProtocolRules {
  const meta = ServiceModel.load(service.name).metadata as Record<string, any>;
  const protocols: string[] = Array.isArray(meta.protocols) ? meta.protocols : [String(meta.protocol)];
  return {
    signingName: String(meta.signingName ?? meta.endpointPrefix),
    targetPrefix: String(meta.targetPrefix ?? service.targetPrefix),
    jsonVersion: String(meta.jsonVersion ?? service.jsonVersion ?? '1.0'),
    cbor: protocols.includes('smithy-rpc-v2-cbor'),
  };
}

/** A rejected request: HTTP status, error code and the message a real endpoint gives. */
export interface WireRejection {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** A region name as AWS spells them (`us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`). */
const REGION = /^[a-z]{2}(-[a-z]+)*-[a-z]+-\d+$/;

/**
 * The credential scope must name the service's signing name and a real region. The messages are the ones
 * the IAM SigV4 troubleshooting guide documents; JSON services answer them as InvalidSignatureException (403).
 */
export function checkCredentialScope(rules: JsonProtocolRules, scope: CredentialScope): WireRejection | undefined {
  if (scope.service !== rules.signingName) {
    return { status: 403, code: 'InvalidSignatureException', message: `Credential should be scoped to correct service: '${rules.signingName}'. ` };
  }
  if (!REGION.test(scope.region)) {
    return { status: 403, code: 'InvalidSignatureException', message: `Credential should be scoped to a valid region, not '${scope.region}'. ` };
  }
  return undefined;
}

/** The media type of a Content-Type header, without parameters (a server ignores `; charset=utf-8`). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** AWS JSON: the content type must be `application/x-amz-json-<version>` of this service. */
export function checkJsonContentType(rules: JsonProtocolRules, contentType: string | undefined): WireRejection | undefined {
  const expected = `application/x-amz-json-${rules.jsonVersion}`;
  if (mediaType(contentType) === expected) return undefined;
  // Assumed: the code and message of a real endpoint for a wrong content type are not documented.
  return { status: 400, code: 'UnknownOperationException', message: `Content-Type '${contentType ?? ''}' is not ${expected}` };
}
