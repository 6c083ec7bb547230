/** CloudFormation rejects a custom-resource response larger than this. */
export const MAX_RESPONSE_BYTES = 4096;

/** CloudFormation's limit on a physical resource id: 1 KB. */
export const MAX_PHYSICAL_ID_BYTES = 1024;

/** What CloudFormation asked of the provider, to check its answer against. */
export interface PendingRequest {
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly requestId: string;
  readonly stackId: string;
  readonly logicalId: string;
  readonly physicalId?: string;
}

/** A response CloudFormation accepted. */
export interface CustomResourceResponse {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  readonly physicalId: string;
  readonly data: Record<string, unknown>;
  readonly noEcho: boolean;
}

/**
 * CloudFormation's checks of the body PUT to a ResponseURL (docs:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html): at most 4096
 * bytes, Status SUCCESS or FAILED, StackId, RequestId and LogicalResourceId those of the request,
 * PhysicalResourceId present and at most 1 KB, Reason present on FAILED; and a Delete's response names the
 * physical id the Delete was for. A response that fails a check fails the resource with the returned
 * reason ("Response object is too long." is CloudFormation's wording; the others are the runner's, assumed).
 */
export function checkResponse(body: string, request: PendingRequest): CustomResourceResponse | { problem: string } {
  if (Buffer.byteLength(body, 'utf8') > MAX_RESPONSE_BYTES) return { problem: 'Response object is too long.' };
  let json: Record<string, any>;
  try {
    json = JSON.parse(body);
  } catch {
    return { problem: 'Invalid response object: the body is not JSON.' };
  }
  if (json.Status !== 'SUCCESS' && json.Status !== 'FAILED') return { problem: `Invalid response object: Status is ${JSON.stringify(json.Status)}, expected SUCCESS or FAILED.` };
  for (const [field, expected] of [['StackId', request.stackId], ['RequestId', request.requestId], ['LogicalResourceId', request.logicalId]] as const) {
    if (json[field] !== expected) return { problem: `Invalid response object: ${field} is ${JSON.stringify(json[field])}, expected ${expected}.` };
  }
  if (typeof json.PhysicalResourceId !== 'string' || json.PhysicalResourceId === '') {
    return { problem: 'Invalid response object: PhysicalResourceId is required.' };
  }
  if (Buffer.byteLength(json.PhysicalResourceId, 'utf8') > MAX_PHYSICAL_ID_BYTES) {
    return { problem: `Invalid PhysicalResourceId: longer than ${MAX_PHYSICAL_ID_BYTES} bytes.` };
  }
  if (json.Status === 'FAILED' && (typeof json.Reason !== 'string' || json.Reason === '')) {
    return { problem: 'Invalid response object: Reason is required when Status is FAILED.' };
  }
  if (request.requestType === 'Delete' && json.PhysicalResourceId !== request.physicalId) {
    return { problem: `Invalid response object: the response to a Delete of ${request.physicalId} names ${json.PhysicalResourceId}.` };
  }
  return {
    status: json.Status,
    reason: json.Reason,
    physicalId: json.PhysicalResourceId,
    data: json.Data && typeof json.Data === 'object' ? json.Data : {},
    noEcho: json.NoEcho === true,
  };
}
