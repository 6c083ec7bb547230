import type { EmulatorResponse, EmulatorService } from './service';

/** Bytes ready for the socket. */
export interface WireResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The content type each protocol answers with; JSON 1.0 when no service could be identified. */
export function contentTypeOf(service: EmulatorService | undefined): string {
  if (service?.protocol === 'rest-json') return 'application/json';
  return `application/x-amz-json-${service?.jsonVersion ?? '1.0'}`;
}

function bodyBytes(body: unknown, fallback: string): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf-8');
  if (body === undefined || body === null) return Buffer.from(fallback, 'utf-8');
  return Buffer.from(JSON.stringify(body), 'utf-8');
}

/** A successful service answer, with the protocol's content type unless the service chose one. */
export function renderResult(service: EmulatorService, requestId: string, response: EmulatorResponse): WireResponse {
  const headers: Record<string, string> = { 'content-type': contentTypeOf(service), ...(response.headers ?? {}), 'x-amzn-requestid': requestId };
  // JSON-RPC clients parse every body as JSON; REST-JSON allows an empty one (204-style answers).
  return { status: response.status, headers, body: bodyBytes(response.body, service.protocol === 'json' ? '{}' : '') };
}

/**
 * An AWS error in the service's wire shape. The SDKs read the code from `x-amzn-ErrorType` first and from
 * `__type` in JSON-RPC bodies; REST-JSON bodies carry only the message and any modelled extra members.
 */
export function renderError(
  service: EmulatorService | undefined,
  requestId: string,
  error: { status: number; code: string; message: string; extra?: Record<string, unknown>; headers?: Record<string, string> },
): WireResponse {
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(service),
    'x-amzn-errortype': error.code,
    'x-amzn-requestid': requestId,
    ...(error.headers ?? {}),
  };
  const body = service?.protocol === 'rest-json'
    ? { ...(error.extra ?? {}), message: error.message }
    : { ...(error.extra ?? {}), __type: error.code, message: error.message };
  return { status: error.status, headers, body: Buffer.from(JSON.stringify(body), 'utf-8') };
}
