import * as fs from 'fs';
import * as path from 'path';

/** A member reference inside a shape, as botocore writes it. */
export interface ShapeRef {
  readonly shape: string;
  readonly location?: string;
  readonly locationName?: string;
  readonly jsonName?: string;
  readonly idempotencyToken?: boolean;
}

export interface Shape {
  readonly type: string;
  readonly required?: string[];
  readonly members?: Record<string, ShapeRef>;
  readonly member?: ShapeRef;
  readonly key?: ShapeRef;
  readonly value?: ShapeRef;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
  readonly union?: boolean;
  readonly sensitive?: boolean;
  readonly exception?: boolean;
  readonly error?: { readonly httpStatusCode?: number; readonly code?: string };
}

export interface OperationModel {
  readonly name: string;
  readonly http?: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: ShapeRef;
  readonly output?: ShapeRef;
  readonly errors?: ShapeRef[];
}

interface ModelDocument {
  readonly metadata: Record<string, unknown>;
  readonly operations: Record<string, OperationModel>;
  readonly shapes: Record<string, Shape>;
}

const cache = new Map<string, ServiceModel>();

/**
 * A real AWS API model (trimmed from botocore by `models/extract-models.py`), so the emulator rejects
 * what AWS would reject instead of what its author remembered.
 */
export class ServiceModel {
  /** The model of `models/<name>.json`: interconnect, directconnect, networkmanager, iotwireless, secretsmanager. */
  static load(name: string): ServiceModel {
    let model = cache.get(name);
    if (!model) {
      const file = path.join(__dirname, 'models', `${name}.json`);
      model = new ServiceModel(name, JSON.parse(fs.readFileSync(file, 'utf-8')) as ModelDocument);
      cache.set(name, model);
    }
    return model;
  }

  private constructor(public readonly name: string, private readonly doc: ModelDocument) {}

  get metadata(): Record<string, unknown> {
    return this.doc.metadata;
  }

  get operationNames(): string[] {
    return Object.keys(this.doc.operations);
  }

  operation(name: string): OperationModel | undefined {
    return Object.prototype.hasOwnProperty.call(this.doc.operations, name) ? this.doc.operations[name] : undefined;
  }

  shape(name: string): Shape {
    const shape = this.doc.shapes[name];
    if (!shape) throw new Error(`Shape ${name} is not in the ${this.name} model`);
    return shape;
  }

  /** The HTTP status the model gives an error code; 400 when the model says nothing (botocore's default). */
  errorStatus(code: string): number {
    const shape = this.doc.shapes[code];
    return shape?.error?.httpStatusCode ?? 400;
  }
}
