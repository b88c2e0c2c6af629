// Test support: the contract's field rules read straight from schemas/*.avsc (enum
// symbols, bounds, lengths, formats, free text, publishers), so the demo is checked
// against the schemas rather than against lists copied from the generator.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agency } from '../../services/kernel/agency';
import type { EventBody } from '../../services/kernel/events.generated';

interface RawField {
  name: string;
  type: unknown;
  hubAssigned?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  format?: string;
  freeText?: boolean;
  notInFuture?: boolean;
}

export interface TypeSpec {
  name: string;
  publishers: readonly string[];
  fields: readonly RawField[];
}

export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas', import.meta.url));

export function loadTypeSpecs(dir = SCHEMA_DIR): Map<string, TypeSpec> {
  const specs = new Map<string, TypeSpec>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.avsc'))) {
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { name: string; publishers?: string[]; fields: RawField[] };
    specs.set(raw.name, { name: raw.name, publishers: raw.publishers ?? [], fields: raw.fields.filter((f) => !f.hubAssigned) });
  }
  return specs;
}

/** Enum symbols of a field (or of its array items), from the schema. */
export function symbolsOf(field: RawField): readonly string[] | null {
  const t = field.type as { type?: string; symbols?: string[]; items?: { symbols?: string[] } };
  if (t && typeof t === 'object' && t.type === 'enum') return t.symbols ?? [];
  if (t && typeof t === 'object' && t.type === 'array') return t.items?.symbols ?? null;
  return null;
}

export const RECORD_ID = /^[A-Za-z0-9._:-]{1,64}$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CST_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
export const RESIDENT_ID = /\d{17}[\dXx]/;
export const MOBILE = /1[3-9]\d{9}/;

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Every way `body` published by `agency` breaks the contract; empty when it is fine. */
export function contractViolations(specs: Map<string, TypeSpec>, agency: Agency, body: EventBody, now: Date): string[] {
  const problems: string[] = [];
  const spec = specs.get(body.type);
  if (!spec) return [`unknown type ${body.type}`];
  if (!spec.publishers.includes(agency)) problems.push(`${agency} may not publish ${body.type}`);
  const record = body as unknown as Record<string, unknown>;
  const names = new Set(spec.fields.map((f) => f.name));
  for (const key of Object.keys(record)) if (key !== 'type' && !names.has(key)) problems.push(`unknown field ${key}`);
  for (const field of spec.fields) {
    const value = record[field.name];
    const at = `${body.type}.${field.name}`;
    if (value === undefined) {
      problems.push(`${at} missing`);
      continue;
    }
    const symbols = symbolsOf(field);
    const avroType = typeof field.type === 'string' ? field.type : (field.type as { type: string }).type;
    if (avroType === 'enum' && !symbols?.includes(value as string)) problems.push(`${at} not in enum: ${String(value)}`);
    if (avroType === 'array') {
      if (!Array.isArray(value)) problems.push(`${at} not an array`);
      else {
        if (field.minItems !== undefined && value.length < field.minItems) problems.push(`${at} has too few items`);
        for (const item of value) if (!symbols?.includes(item as string)) problems.push(`${at} item not in enum: ${String(item)}`);
        if (new Set(value).size !== value.length) problems.push(`${at} repeats an item`);
      }
    }
    if (avroType === 'int' || avroType === 'long') {
      if (!Number.isInteger(value)) problems.push(`${at} not an integer`);
    }
    if (avroType === 'double' && (typeof value !== 'number' || !Number.isFinite(value))) problems.push(`${at} not a number`);
    if (avroType === 'boolean' && typeof value !== 'boolean') problems.push(`${at} not a boolean`);
    if (typeof value === 'number') {
      if (field.minimum !== undefined && value < field.minimum) problems.push(`${at} below ${field.minimum}`);
      if (field.maximum !== undefined && value > field.maximum) problems.push(`${at} above ${field.maximum}`);
      if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) problems.push(`${at} not above ${field.exclusiveMinimum}`);
    }
    if (avroType === 'string') {
      if (typeof value !== 'string') {
        problems.push(`${at} not a string`);
        continue;
      }
      const length = [...value].length;
      if (field.minLength !== undefined && length < field.minLength) problems.push(`${at} too short`);
      if (field.maxLength !== undefined && length > field.maxLength) problems.push(`${at} too long`);
      if (field.freeText && (RESIDENT_ID.test(value) || MOBILE.test(value) || /\d{11}/.test(value))) problems.push(`${at} looks like personal data`);
      switch (field.format) {
        case 'record-id':
          if (!RECORD_ID.test(value)) problems.push(`${at} bad record id ${value}`);
          break;
        case 'community-code':
          if (!/^\d{9}$/.test(value)) problems.push(`${at} bad community code`);
          break;
        case 'region-code':
          if (!/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(value)) problems.push(`${at} bad region code`);
          break;
        case 'date':
          if (!isRealDate(value)) problems.push(`${at} bad date ${value}`);
          break;
        case 'date-time':
          if (!CST_TIME.test(value) || Number.isNaN(Date.parse(value))) problems.push(`${at} not ISO 8601 at +08:00: ${value}`);
          else if (field.notInFuture && Date.parse(value) > now.getTime()) problems.push(`${at} after now`);
          break;
        default:
          break;
      }
    }
  }
  const pair = (ok: boolean, message: string) => {
    if (!ok) problems.push(`${body.type}: ${message}`);
  };
  switch (body.type) {
    case 'AwarenessSurveyCompleted':
      pair(body.aware <= body.respondents, 'aware > respondents');
      break;
    case 'ProductionAccidentReported':
      pair(body.seriousInjuries <= body.injuries, 'seriousInjuries > injuries');
      break;
    case 'DesignationEvaluated':
      pair(body.score <= body.maxScore, 'score > maxScore');
      break;
    case 'CommunityDesignated':
      pair(body.validUntil > body.designatedOn, 'validUntil not after designatedOn');
      break;
    case 'PromotionProjectRegistered':
      pair(body.plannedEndOn >= body.startedOn, 'plannedEndOn before startedOn');
      break;
    default:
      break;
  }
  return problems;
}
