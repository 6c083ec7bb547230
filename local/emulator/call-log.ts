/** One call the emulator answered (or dropped: status 0). */
export interface CallRecord {
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly errorCode?: string;
  readonly region?: string;
  /** Epoch milliseconds when the request arrived. */
  readonly at: number;
}

export type CallFilter = Partial<Pick<CallRecord, 'service' | 'operation' | 'status' | 'errorCode' | 'region'>>;

/** Every service call the emulator saw, so tests can count retries, polls and calls that must not happen. */
export class CallLog {
  private records: CallRecord[] = [];

  record(call: CallRecord): void {
    this.records.push(call);
  }

  all(filter?: CallFilter): CallRecord[] {
    if (!filter) return [...this.records];
    const wanted = Object.entries(filter).filter(([, v]) => v !== undefined) as Array<[keyof CallRecord, unknown]>;
    return this.records.filter(r => wanted.every(([k, v]) => r[k] === v));
  }

  count(filter?: CallFilter): number {
    return this.all(filter).length;
  }

  /** Call counts keyed `service.Operation`. */
  byOperation(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.records) {
      const key = `${r.service}.${r.operation}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.records = [];
  }
}
