/**
 * A stand-in for the bundled onEvent/isComplete Lambda functions: an in-memory "service" whose behaviour
 * each resource chooses through its own properties, so one template can mix slow, failing and replacing
 * resources. The runner is the subject under test; this only has to answer like the real handlers do.
 *
 * Properties it understands (all optional):
 * - `Key`: changing it replaces the resource (a new physical id), like an immutable property.
 * - `Polls`: how many isComplete calls answer "not yet" before "complete".
 * - `FailOnEvent` / `FailIsComplete`: a RequestType ('Create', 'Update', 'Delete') on which that function throws.
 * - `NoEcho`: 'true' makes onEvent return NoEcho.
 */
export interface RecordedCall {
  readonly fn: 'onEvent' | 'isComplete';
  readonly requestType: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly properties: Record<string, any>;
  readonly oldProperties?: Record<string, any>;
  readonly event: Record<string, any>;
  readonly env: { endpoint?: string; region?: string; accessKey?: string };
}

export class FakeLambda {
  public readonly calls: RecordedCall[] = [];
  /** Physical ids that exist in the fake service. */
  public readonly live = new Map<string, Record<string, any>>();
  private counter = 0;
  private readonly polls = new Map<string, number>();

  public readonly onEvent = async (event: any) => {
    this.record('onEvent', event);
    const props = event.ResourceProperties ?? {};
    if (props.FailOnEvent === event.RequestType) throw new Error(`onEvent refused ${event.RequestType} of ${event.LogicalResourceId}`);
    switch (event.RequestType) {
      case 'Create': {
        const id = `${event.LogicalResourceId.toLowerCase()}-${++this.counter}`;
        this.live.set(id, props);
        return this.response(id, props);
      }
      case 'Update': {
        const replace = props.Key !== event.OldResourceProperties?.Key;
        const id = replace ? `${event.LogicalResourceId.toLowerCase()}-${++this.counter}` : event.PhysicalResourceId;
        this.live.set(id, props);
        return this.response(id, props);
      }
      default:
        this.live.delete(event.PhysicalResourceId);
        return { PhysicalResourceId: event.PhysicalResourceId };
    }
  };

  public readonly isComplete = async (event: any) => {
    this.record('isComplete', event);
    const props = event.ResourceProperties ?? {};
    if (props.FailIsComplete === event.RequestType) throw new Error(`isComplete saw ${event.LogicalResourceId} fail`);
    const key = `${event.RequestId}`;
    const seen = (this.polls.get(key) ?? 0) + 1;
    this.polls.set(key, seen);
    if (seen <= Number(props.Polls ?? 0)) return { IsComplete: false };
    return event.RequestType === 'Delete' ? { IsComplete: true } : { IsComplete: true, Data: { State: 'available', Polled: String(seen) } };
  };

  public handlers() {
    return { onEvent: this.onEvent, isComplete: this.isComplete };
  }

  public callsFor(fn: 'onEvent' | 'isComplete', requestType?: string): RecordedCall[] {
    return this.calls.filter((c) => c.fn === fn && (!requestType || c.requestType === requestType));
  }

  private response(id: string, props: Record<string, any>) {
    return {
      PhysicalResourceId: id,
      Data: { Id: id, Arn: `arn:aws:fake:us-east-1:123456789012:thing/${id}`, Name: props.Name ?? '', Secret: `secret-of-${id}` },
      ...(props.NoEcho === 'true' ? { NoEcho: true } : {}),
    };
  }

  private record(fn: 'onEvent' | 'isComplete', event: any) {
    this.calls.push({
      fn,
      requestType: event.RequestType,
      logicalId: event.LogicalResourceId,
      physicalId: event.PhysicalResourceId,
      properties: event.ResourceProperties,
      oldProperties: event.OldResourceProperties,
      event,
      env: { endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION, accessKey: process.env.AWS_ACCESS_KEY_ID },
    });
  }
}
