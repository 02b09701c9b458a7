// Hand-written readers for untrusted JSON (project files, stored documents): each returns the
// typed value or throws a SchemaError that names the exact path and what was expected there.

export class SchemaError extends Error {}

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readRecord(value: unknown, path: string): JsonRecord {
  if (!isRecord(value)) throw new SchemaError(`${path} must be an object`);
  return value;
}

export function readArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new SchemaError(`${path} must be a list`);
  return value;
}

export function readString(value: unknown, path: string, { nonEmpty = false, maxLength = 10_000 } = {}): string {
  if (typeof value !== 'string') throw new SchemaError(`${path} must be text`);
  if (nonEmpty && value.trim().length === 0) throw new SchemaError(`${path} must not be empty`);
  if (value.length > maxLength) throw new SchemaError(`${path} is longer than ${maxLength} characters`);
  return value;
}

export function readNumber(value: unknown, path: string, { min = -Infinity, max = Infinity, integer = false } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new SchemaError(`${path} must be a number`);
  if (integer && !Number.isInteger(value)) throw new SchemaError(`${path} must be a whole number`);
  if (value < min || value > max) throw new SchemaError(`${path} must be between ${min} and ${max}`);
  return value;
}

export function readNullableNumber(value: unknown, path: string): number | null {
  return value === null ? null : readNumber(value, path);
}

export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new SchemaError(`${path} must be true or false`);
  return value;
}

export function readOneOf<T extends string>(value: unknown, path: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new SchemaError(`${path} must be one of ${options.map((o) => `"${o}"`).join(', ')}`);
  }
  return value as T;
}
