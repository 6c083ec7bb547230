import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { cborRoute, checkCborRequest, decodeCborBody, namesService, renderCborError, renderCborResult } from './cbor-protocol';
import { handleControl, type ControlTarget } from './control-api';
import { accountOf, parseCredentialScope } from './credential-scope';
import type { FaultRule } from './fault-injector';
import { checkCredentialScope, checkJsonContentType, jsonProtocolRules, type JsonProtocolRules } from './json-protocol';
import { ServiceError, type EmulatorRequest, type EmulatorService } from './service';
import { renderError, renderResult, type WireResponse } from './wire-response';

const CONTROL_PREFIX = '/_emulator/';

/** The default error code for an injected status, so a rule can say just `{status: 503}`. */
function defaultErrorCode(status: number, service: EmulatorService): string {
  switch (status) {
    case 400: return 'BadRequestException';
    case 403: return 'AccessDeniedException';
    case 404: return 'ResourceNotFoundException';
    case 429: return service.throttlingCode ?? 'ThrottlingException';
    case 501: return 'NotImplemented';
    case 502: return 'BadGateway';
    case 503: return 'ServiceUnavailable';
    case 504: return 'GatewayTimeout';
    default: return 'InternalFailure';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * One loopback HTTP server for every emulated service. It identifies the service (the `X-Amz-Target`
 * prefix for JSON protocols, the RPC v2 path for services whose model lists smithy-rpc-v2-cbor, the SigV4
 * signing name for REST-JSON), rejects unsigned requests and what a real endpoint rejects (a credential
 * scope for another service or no real region, a content type of another protocol), applies fault
 * injection, records the call, and renders the answer in that service's wire shape.
 */
export class EmulatorServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: ControlTarget, private readonly quiet: boolean) {
    this.server = http.createServer((req, res) => {
      this.serve(req, res).catch(err => {
        // Only a bug in the emulator gets here; answer so the client does not hang.
        process.stderr.write(`emulator: ${(err as Error).stack ?? String(err)}\n`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ __type: 'InternalFailure', message: String((err as Error).message ?? err) }));
        }
      });
    });
    this.server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise(resolve => {
      this.server.close(() => resolve());
      // Keep-alive connections from SDK clients would otherwise hold close() open.
      for (const socket of this.sockets) socket.destroy();
    });
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith(CONTROL_PREFIX) || url.pathname === CONTROL_PREFIX.slice(0, -1)) {
      return this.serveControl(req.method ?? 'GET', url.pathname, body, res);
    }

    const at = Date.now();
    const requestId = randomUUID();
    const headers = req.headers as Record<string, string | undefined>;
    const target = headers['x-amz-target'];
    const scope = parseCredentialScope(headers.authorization);
    const region = scope?.region ?? 'us-east-1';
    const services = this.target.services;

    // JSON services are found by X-Amz-Target; those whose model also lists smithy-rpc-v2-cbor also by the
    // RPC v2 path (/service/<Service>/operation/<Op>); REST-JSON services by signing name.
    const rpcRoute = req.method === 'POST' ? cborRoute(url.pathname) : undefined;
    let service: EmulatorService | undefined;
    let rules: JsonProtocolRules | undefined;
    let cborWire = false;
    if (rpcRoute) {
      // The path alone routes an RPC v2 request; its headers are then checked (a target there is refused).
      service = services.find(s => s.protocol === 'json' && jsonProtocolRules(s).cbor && namesService(jsonProtocolRules(s), rpcRoute.service));
      cborWire = service !== undefined;
    }
    if (!service && target) {
      service = services.find(s => s.protocol === 'json' && s.targetPrefix && target.startsWith(`${s.targetPrefix}.`));
    }
    if (!service && !target && scope) {
      service = services.find(s => s.protocol === 'rest-json' && s.signingName === scope.service);
    }
    if (service?.protocol === 'json') rules = jsonProtocolRules(service);

    let json: any = {};
    let malformed = false;
    if (body.length > 0) {
      try {
        json = cborWire ? decodeCborBody(body) : JSON.parse(body.toString('utf-8'));
      } catch {
        malformed = true;
      }
    }
    const request: EmulatorRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
      json,
      // An RPC v2 CBOR request names its operation in the path; services read it as the target they know.
      target: cborWire && rules && rpcRoute ? `${rules.targetPrefix}.${rpcRoute.operation}` : target,
      signingService: scope?.service,
      region,
      accountId: accountOf(scope, this.target.ctx.accountId),
    };
    if (!service && !target && !scope) {
      // An unsigned REST-JSON request names no signing service; find it by route to answer in its shape.
      service = services.find(s => s.protocol === 'rest-json' && s.operationOf(request) !== undefined);
    }
    const operation = service?.operationOf(request);
    const serviceName = service?.name ?? scope?.service ?? 'unknown';
    const operationName = operation ?? (target ? target.split('.').pop()! : `${request.method} ${request.path}`);

    const finish = (wire: WireResponse | 'dropped') => {
      const status = wire === 'dropped' ? 0 : wire.status;
      const errorCode = wire === 'dropped' ? 'ConnectionDropped' : wire.headers['x-amzn-errortype'];
      this.target.calls.record({ service: serviceName, operation: operationName, status, errorCode, region: scope?.region, at });
      if (!this.quiet) {
        process.stdout.write(`${new Date(at).toISOString()} ${serviceName}.${operationName} ${region} -> ${status}${errorCode ? ` ${errorCode}` : ''}\n`);
      }
      if (wire === 'dropped') {
        req.socket.destroy();
      } else {
        res.writeHead(wire.status, { ...wire.headers, 'content-length': String(wire.body.length) });
        res.end(wire.body);
      }
    };
    const fail = (status: number, code: string, message: string, extra?: Record<string, unknown>, errHeaders?: Record<string, string>) =>
      finish(cborWire
        ? renderCborError(rules, requestId, { status, code, message, extra, headers: errHeaders })
        : renderError(service, requestId, { status, code, message, extra, headers: errHeaders }));

    if (!scope) {
      return fail(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (rules) {
      // What a real endpoint checks before it looks at the operation: scope, then the protocol's headers.
      const rejected = checkCredentialScope(rules, scope)
        ?? (cborWire ? checkCborRequest(headers, body) : checkJsonContentType(rules, headers['content-type']));
      if (rejected) return fail(rejected.status, rejected.code, rejected.message);
    }
    if (!service || !operation) {
      const what = target ? `target ${target}` : `${request.method} ${request.path} for signing name ${scope.service}`;
      return fail(400, 'UnknownOperationException', `The emulator does not know the operation of ${what}`);
    }
    if (malformed && service.protocol === 'json') {
      return fail(400, 'SerializationException', `The request body is not valid ${cborWire ? 'CBOR' : 'JSON'}`);
    }

    const decision = this.target.faults.decide(service.name, operation);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.rule) return finish(this.renderFault(service, requestId, decision.rule, cborWire ? rules : undefined));
    if (decision.throttled) {
      return fail(429, service.throttlingCode ?? 'ThrottlingException', 'Rate exceeded');
    }

    try {
      const response = await service.handle(operation, request, this.target.ctx);
      return finish(cborWire ? renderCborResult(requestId, response) : renderResult(service, requestId, response));
    } catch (e) {
      if (e instanceof ServiceError) return fail(e.status, e.code, e.message, e.extra);
      process.stderr.write(`emulator: ${service.name}.${operation} failed: ${(e as Error).stack ?? String(e)}\n`);
      return fail(500, 'InternalFailure', `The emulator failed: ${(e as Error).message}`);
    }
  }

  /** An injected fault, in the wire shape of the request (`cbor` set for an RPC v2 CBOR request). */
  private renderFault(service: EmulatorService, requestId: string, rule: FaultRule, cbor?: JsonProtocolRules): WireResponse | 'dropped' {
    const retryAfter: Record<string, string> = rule.retryAfterSeconds !== undefined ? { 'retry-after': String(rule.retryAfterSeconds) } : {};
    switch (rule.kind) {
      case 'drop':
        return 'dropped';
      case 'raw': {
        const body = Buffer.from(rule.rawBody ?? '', 'utf-8');
        const contentType = rule.rawContentType ?? (body.length > 0 ? 'text/html' : undefined);
        return {
          status: rule.status ?? 502,
          headers: { ...(contentType ? { 'content-type': contentType } : {}), ...retryAfter },
          body,
        };
      }
      default: {
        const status = rule.status ?? 500;
        const code = rule.code ?? defaultErrorCode(status, service);
        const error = { status, code, message: rule.message ?? `Injected fault: ${code}`, headers: retryAfter };
        return cbor ? renderCborError(cbor, requestId, error) : renderError(service, requestId, error);
      }
    }
  }

  private async serveControl(method: string, path: string, body: Buffer, res: http.ServerResponse): Promise<void> {
    let status: number;
    let payload: unknown;
    try {
      const json = body.length > 0 ? JSON.parse(body.toString('utf-8')) : {};
      ({ status, body: payload } = await handleControl(this.target, method, path, json));
    } catch (e) {
      if (e instanceof ServiceError) {
        status = e.status;
        payload = { __type: e.code, message: e.message, ...e.extra };
      } else if (e instanceof SyntaxError) {
        status = 400;
        payload = { __type: 'BadRequest', message: `The control body is not valid JSON: ${e.message}` };
      } else {
        status = 500;
        payload = { __type: 'InternalFailure', message: (e as Error).message };
      }
    }
    const bytes = Buffer.from(JSON.stringify(payload), 'utf-8');
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
    res.end(bytes);
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
