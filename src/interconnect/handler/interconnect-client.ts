import { randomUUID } from 'node:crypto';
import { AwsJsonRpcClient, AwsJsonRpcClientConfig } from '../../runtime/aws-json-rpc-client';

// Shapes of the AWS Interconnect API model (interconnect 2022-07-26). Members the model marks required in
// responses are required here; everything else is optional, as in an SDK v3 client.

export type ConnectionState = 'available' | 'requested' | 'pending' | 'down' | 'deleting' | 'deleted' | 'failed' | 'updating';
export type EnvironmentState = 'available' | 'limited' | 'unavailable';
export type AttachPointType = 'DirectConnectGateway';
export type RemoteAccountIdentifierType = 'account' | 'email';
export type TagMap = Record<string, string>;

/** A union in the model: set exactly one member. */
export interface AttachPoint {
  /** A Direct Connect gateway id (a UUID). */
  directConnectGateway?: string;
  arn?: string;
}

/** A union in the model: set exactly one member. */
export interface Provider {
  cloudServiceProvider?: string;
  lastMileProvider?: string;
}

/** A union in the model. */
export interface RemoteAccountIdentifier {
  identifier?: string;
}

export interface ConnectionSummary {
  id: string;
  arn: string;
  description: string;
  bandwidth: string;
  attachPoint: AttachPoint;
  environmentId: string;
  provider: Provider;
  location: string;
  type: string;
  state: ConnectionState;
  sharedId: string;
  billingTier?: number;
}

export interface Connection extends ConnectionSummary {
  ownerAccount: string;
  /** Sensitive: never log it. */
  activationKey: string;
  tags?: TagMap;
}

export interface Bandwidths {
  available?: string[];
  supported?: string[];
}

export interface Environment {
  provider: Provider;
  location: string;
  environmentId: string;
  state: EnvironmentState;
  bandwidths: Bandwidths;
  type: string;
  activationPageUrl?: string;
  remoteIdentifierType?: RemoteAccountIdentifierType;
}

export interface AttachPointDescriptor {
  type: AttachPointType;
  identifier: string;
  name: string;
}

export interface CreateConnectionRequest {
  description?: string;
  bandwidth: string;
  attachPoint: AttachPoint;
  environmentId: string;
  remoteAccount?: RemoteAccountIdentifier;
  tags?: TagMap;
  /** @default a random UUID, as the SDK fills idempotency tokens */
  clientToken?: string;
}
export interface CreateConnectionResponse { connection?: Connection }

export interface AcceptConnectionProposalRequest {
  attachPoint: AttachPoint;
  activationKey: string;
  description?: string;
  tags?: TagMap;
  /** @default a random UUID */
  clientToken?: string;
}
export interface AcceptConnectionProposalResponse { connection?: Connection }

export interface GetConnectionRequest { identifier: string }
export interface GetConnectionResponse { connection?: Connection }

export interface UpdateConnectionRequest {
  identifier: string;
  description?: string;
  bandwidth?: string;
  /** @default a random UUID */
  clientToken?: string;
}
export interface UpdateConnectionResponse { connection?: Connection }

export interface DeleteConnectionRequest {
  identifier: string;
  /** @default a random UUID */
  clientToken?: string;
}
export interface DeleteConnectionResponse { connection: Connection }

export interface ListConnectionsRequest {
  maxResults?: number;
  nextToken?: string;
  state?: ConnectionState;
  environmentId?: string;
  provider?: Provider;
  attachPoint?: AttachPoint;
}
export interface ListConnectionsResponse { connections?: ConnectionSummary[]; nextToken?: string }

export interface ListEnvironmentsRequest {
  maxResults?: number;
  nextToken?: string;
  provider?: Provider;
  location?: string;
}
export interface ListEnvironmentsResponse { environments: Environment[]; nextToken?: string }

export interface GetEnvironmentRequest { id: string }
export interface GetEnvironmentResponse { environment: Environment }

export interface ListAttachPointsRequest { environmentId: string; maxResults?: number; nextToken?: string }
export interface ListAttachPointsResponse { attachPoints: AttachPointDescriptor[]; nextToken?: string }

export interface DescribeConnectionProposalRequest { activationKey: string }
export interface DescribeConnectionProposalResponse {
  bandwidth: string;
  environmentId: string;
  provider: Provider;
  location: string;
}

export interface TagResourceRequest { arn: string; tags: TagMap }
export interface TagResourceResponse {}

export interface UntagResourceRequest { arn: string; tagKeys: string[] }
export interface UntagResourceResponse {}

export interface ListTagsForResourceRequest { arn: string }
export interface ListTagsForResourceResponse { tags?: TagMap }

/**
 * The AWS Interconnect operations the handlers use: the seam between them and the wire. An adapter over
 * `@aws-sdk/client-interconnect` can implement it once that package is published.
 */
export interface InterconnectApi {
  createConnection(input: CreateConnectionRequest): Promise<CreateConnectionResponse>;
  acceptConnectionProposal(input: AcceptConnectionProposalRequest): Promise<AcceptConnectionProposalResponse>;
  getConnection(input: GetConnectionRequest): Promise<GetConnectionResponse>;
  updateConnection(input: UpdateConnectionRequest): Promise<UpdateConnectionResponse>;
  deleteConnection(input: DeleteConnectionRequest): Promise<DeleteConnectionResponse>;
  listConnections(input?: ListConnectionsRequest): Promise<ListConnectionsResponse>;
  listEnvironments(input?: ListEnvironmentsRequest): Promise<ListEnvironmentsResponse>;
  getEnvironment(input: GetEnvironmentRequest): Promise<GetEnvironmentResponse>;
  listAttachPoints(input: ListAttachPointsRequest): Promise<ListAttachPointsResponse>;
  describeConnectionProposal(input: DescribeConnectionProposalRequest): Promise<DescribeConnectionProposalResponse>;
  tagResource(input: TagResourceRequest): Promise<TagResourceResponse>;
  untagResource(input: UntagResourceRequest): Promise<UntagResourceResponse>;
  listTagsForResource(input: ListTagsForResourceRequest): Promise<ListTagsForResourceResponse>;
  /** Closes pooled connections; optional so that test doubles need not have it. */
  destroy?(): void;
}

/** The model's `idempotencyToken` trait: a token the caller left out is generated, so retries stay safe. */
function withClientToken<T extends { clientToken?: string }>(input: T): T {
  return { ...input, clientToken: input.clientToken ?? randomUUID() };
}

/**
 * An Interconnect client over AWS JSON 1.0. Region, endpoint (`AWS_ENDPOINT_URL_INTERCONNECT`), credentials
 * and retries resolve as in an SDK v3 client unless `config` says otherwise.
 */
export function createInterconnectClient(config: Partial<AwsJsonRpcClientConfig> = {}): InterconnectApi {
  const rpc = new AwsJsonRpcClient({
    ...config,
    serviceId: 'Interconnect',
    signingName: 'interconnect',
    targetPrefix: 'Interconnect',
    jsonVersion: '1.0',
  });
  return {
    createConnection: (input) => rpc.send('CreateConnection', withClientToken(input)),
    acceptConnectionProposal: (input) => rpc.send('AcceptConnectionProposal', withClientToken(input)),
    getConnection: (input) => rpc.send('GetConnection', input),
    updateConnection: (input) => rpc.send('UpdateConnection', withClientToken(input)),
    deleteConnection: (input) => rpc.send('DeleteConnection', withClientToken(input)),
    listConnections: (input = {}) => rpc.send('ListConnections', input),
    listEnvironments: (input = {}) => rpc.send('ListEnvironments', input),
    getEnvironment: (input) => rpc.send('GetEnvironment', input),
    listAttachPoints: (input) => rpc.send('ListAttachPoints', input),
    describeConnectionProposal: (input) => rpc.send('DescribeConnectionProposal', input),
    tagResource: (input) => rpc.send('TagResource', input),
    untagResource: (input) => rpc.send('UntagResource', input),
    listTagsForResource: (input) => rpc.send('ListTagsForResource', input),
    destroy: () => rpc.destroy(),
  };
}
