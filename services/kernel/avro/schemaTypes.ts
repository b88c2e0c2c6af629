// The shape of the hub's .avsc files: plain Avro plus custom attributes that Avro's
// Parsing Canonical Form ignores (constraints for the HTTP edge, the publisher matrix).

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

export interface AvroEnum {
  type: 'enum';
  name: string;
  namespace?: string;
  symbols: string[];
  default?: string;
  doc?: string;
}

export interface AvroArray {
  type: 'array';
  items: AvroTypeSchema;
}

export interface AvroMap {
  type: 'map';
  values: AvroTypeSchema;
}

export interface AvroFixed {
  type: 'fixed';
  name: string;
  namespace?: string;
  size: number;
}

/** Any Avro type: a primitive or a name (string), a union (array) or a complex type. */
export type AvroTypeSchema =
  | string
  | AvroTypeSchema[]
  | AvroEnum
  | AvroArray
  | AvroMap
  | AvroFixed
  | AvroRecordSchema
  | { type: AvroPrimitive; [attribute: string]: unknown };

/** Field formats checked at the HTTP edge. */
export type FieldFormat = 'date' | 'date-time' | 'community-code' | 'region-code' | 'record-id';

export interface AvroField {
  name: string;
  type: AvroTypeSchema;
  default?: unknown;
  doc?: string;
  /** Set by the hub (eventId, agency, receivedAt); never accepted from a bureau. */
  hubAssigned?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  format?: FieldFormat;
  /** Free text: rejected when it contains a resident ID or mobile number. */
  freeText?: boolean;
  /** A time at most 5 minutes after the hub's clock. */
  notInFuture?: boolean;
  /** Holds the sourceRecordId of another record of the same agency. */
  reference?: boolean;
}

export interface AvroRecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  doc?: string;
  /** Record level: the agencies that may publish this event type. */
  publishers?: string[];
  fields: AvroField[];
}
