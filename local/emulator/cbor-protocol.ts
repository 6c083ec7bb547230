import { cbor } from '@smithy/core/cbor';
import { mediaType, type JsonProtocolRules, type WireRejection } from './json-protocol';
import type { EmulatorResponse } from './service';
import type { WireResponse } from './wire-response';

/**
 * Smithy RPC v2 CBOR, the Interconnect model's first protocol
 * (https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html): `POST {prefix?}/service/<Service>/operation/<Op>`
 * with `Smithy-Protocol: rpc-v2-cbor`, CBOR bodies, and errors whose `__type` is the error's absolute
 * shape id. Encoding and decoding are smithy's own (`@smithy/core/cbor`, which the SDK clients use).
 */
export const SMITHY_PROTOCOL = 'rpc-v2-cbor';
export const CBOR_CONTENT_TYPE = 'application/cbor';

const ROUTE = /\/service\/([^/]+)\/operation\/([^/]+)$/;

/** The service and operation segments of an RPC v2 path, or undefined for any other path. */
export function cborRoute(path: string): { service: string; operation: string } | undefined {
  const m = ROUTE.exec(path);
  return m ? { service: decodeURIComponent(m[1]), operation: decodeURIComponent(m[2]) } : undefined;
}

/**
 * Whether a path's service segment names this service: its shape name (the model's `targetPrefix`), or its
 * absolute shape id with `#` as `.`, which the spec says servers should accept too.
 */
export function namesService(rules: JsonProtocolRules, segment: string): boolean {
  return segment === rules.targetPrefix || segment.endsWith(`.${rules.targetPrefix}`);
}

/** The request checks the spec makes MUST: the Smithy-Protocol header, no X-Amz-Target, CBOR content. */
export function checkCborRequest(headers: Record<string, string | undefined>, body: Buffer): WireRejection | undefined {
  // Codes and messages assumed: the spec says such requests are malformed, not what a server answers.
  if (headers['smithy-protocol'] !== SMITHY_PROTOCOL) {
    return { status: 400, code: 'SerializationException', message: `Smithy-Protocol must be '${SMITHY_PROTOCOL}', got '${headers['smithy-protocol'] ?? ''}'` };
  }
  if (headers['x-amz-target'] !== undefined || headers['x-amzn-target'] !== undefined) {
    return { status: 400, code: 'SerializationException', message: 'An rpc-v2-cbor request must not carry X-Amz-Target or X-Amzn-Target' };
  }
  if (body.length > 0 && mediaType(headers['content-type']) !== CBOR_CONTENT_TYPE) {
    return { status: 415, code: 'UnsupportedMediaTypeException', message: `Content-Type '${headers['content-type'] ?? ''}' is not ${CBOR_CONTENT_TYPE}` };
  }
  return undefined;
}

/** The request body as a value; an empty body is an empty input. Throws on bytes that are not CBOR. */
export function decodeCborBody(body: Buffer): any {
  return body.length === 0 ? {} : cbor.deserialize(new Uint8Array(body));
}

function encode(value: unknown): Buffer {
  return Buffer.from(cbor.serialize(value ?? {}));
}

export function renderCborResult(requestId: string, response: EmulatorResponse): WireResponse {
  const body = Buffer.isBuffer(response.body) || typeof response.body === 'string'
    ? encode(JSON.parse(Buffer.from(response.body as any).toString('utf-8') || '{}'))
    : encode(response.body);
  return {
    status: response.status,
    headers: { 'content-type': CBOR_CONTENT_TYPE, 'smithy-protocol': SMITHY_PROTOCOL, 'x-amzn-requestid': requestId },
    body,
  };
}

/**
 * An error: `__type` is the absolute shape id (the namespace `com.amazonaws.<signing name>` is assumed; the
 * botocore model does not carry it, and smithy's clients read the name after `#`).
 */
export function renderCborError(
  rules: JsonProtocolRules | undefined,
  requestId: string,
  error: { status: number; code: string; message: string; extra?: Record<string, unknown>; headers?: Record<string, string> },
): WireResponse {
  const namespace = `com.amazonaws.${rules?.signingName ?? 'unknown'}`;
  return {
    status: error.status,
    headers: { 'content-type': CBOR_CONTENT_TYPE, 'smithy-protocol': SMITHY_PROTOCOL, 'x-amzn-requestid': requestId, ...(error.headers ?? {}) },
    body: encode({ ...(error.extra ?? {}), __type: `${namespace}#${error.code}`, message: error.message }),
  };
}
