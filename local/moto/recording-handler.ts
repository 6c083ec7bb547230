import { Readable } from 'stream';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';

/** One reply as it came off the wire, before the SDK parsed it. */
export interface WireReply {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Record<string, string>;
  readonly text: string;
}

/**
 * An SDK v3 request handler that sends with the SDK's own NodeHttpHandler and keeps a copy of the last
 * reply's status, headers and body, so a test can compare what a server sent, not only what the SDK made
 * of it (the SDK drops members it does not model and turns nulls into absent members).
 */
export class RecordingHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  last: WireReply | undefined;
  private readonly inner = new NodeHttpHandler();

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    this.last = undefined;
    const { response } = await this.inner.handle(request, options);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers)) headers[k.toLowerCase()] = String(v);
    this.last = { status: response.statusCode, headers, text: body.toString('utf-8') };
    response.body = Readable.from([body]);
    return { response };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, unknown> {
    return {};
  }

  destroy(): void {
    this.inner.destroy();
  }
}
