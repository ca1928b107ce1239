// The schema language of the CRIU message tables (schemas/*.ts): one line per field,
//   <number> <name> <type> [req|opt|rep] [option ...]
// types:   u32 u64 i32 i64 s32 s64 fx32 fx64 sfx32 sfx64 bool string bytes float double,
//          enum:<enum name>, or the name of another message.
// options: the CRIT display options of images/opts.proto — hex, ip (ipadd), dev, odev,
//          flags=<map>, dict=<map>, conv=<converter>.
// Field names are the .proto names (snake_case), as crit prints them.

export type ScalarType =
  | 'u32' | 'u64' | 'i32' | 'i64' | 's32' | 's64'
  | 'fx32' | 'fx64' | 'sfx32' | 'sfx64'
  | 'bool' | 'string' | 'bytes' | 'float' | 'double';

export type Label = 'req' | 'opt' | 'rep';

export interface FieldOptions {
  hex?: boolean;
  ip?: boolean;
  dev?: boolean;
  odev?: boolean;
  flags?: string;
  dict?: string;
  conv?: string;
}

export interface FieldDef {
  number: number;
  name: string;
  label: Label;
  /** Scalar type, 'enum' or 'message'. */
  kind: ScalarType | 'enum' | 'message';
  /** Enum or message name for kind 'enum' / 'message'. */
  ref?: string;
  options: FieldOptions;
}

export interface MessageDef {
  name: string;
  /** In field-number order (the order crit prints them in). */
  fields: FieldDef[];
  byNumber: Map<number, FieldDef>;
}

export interface EnumDef {
  name: string;
  byValue: Map<number, string>;
}

const SCALARS = new Set<string>([
  'u32', 'u64', 'i32', 'i64', 's32', 's64', 'fx32', 'fx64', 'sfx32', 'sfx64',
  'bool', 'string', 'bytes', 'float', 'double',
]);

const messages = new Map<string, MessageDef>();
const enums = new Map<string, EnumDef>();

/** Declares a message from the line syntax above. Throws on a malformed table (a programming error). */
export function message(name: string, text: string): void {
  if (messages.has(name)) throw new Error(`schema: message ${name} declared twice`);
  const fields: FieldDef[] = [];
  const byNumber = new Map<number, FieldDef>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const field = parseField(name, line);
    if (byNumber.has(field.number)) throw new Error(`schema: ${name} field ${field.number} declared twice`);
    fields.push(field);
    byNumber.set(field.number, field);
  }
  fields.sort((a, b) => a.number - b.number);
  messages.set(name, { name, fields, byNumber });
}

/** Declares an enum: "NAME=1 OTHER=2 ...". */
export function enumeration(name: string, text: string): void {
  const byValue = new Map<number, string>();
  for (const item of text.split(/\s+/).filter(Boolean)) {
    const [key, value] = item.split('=');
    const number = Number(value);
    if (!key || !Number.isInteger(number)) throw new Error(`schema: enum ${name}: bad item ${item}`);
    if (!byValue.has(number)) byValue.set(number, key);
  }
  enums.set(name, { name, byValue });
}

function parseField(message: string, line: string): FieldDef {
  const [num, name, type, ...rest] = line.split(/\s+/);
  const number = Number(num);
  if (!Number.isInteger(number) || number <= 0 || !name || !type) {
    throw new Error(`schema: ${message}: bad field line "${line}"`);
  }
  let label: Label = 'opt';
  const options: FieldOptions = {};
  for (const word of rest) {
    if (word === 'req' || word === 'opt' || word === 'rep') label = word;
    else if (word === 'hex') options.hex = true;
    else if (word === 'ip') options.ip = true;
    else if (word === 'dev') options.dev = true;
    else if (word === 'odev') options.odev = true;
    else if (word.startsWith('flags=')) options.flags = word.slice(6);
    else if (word.startsWith('dict=')) options.dict = word.slice(5);
    else if (word.startsWith('conv=')) options.conv = word.slice(5);
    else throw new Error(`schema: ${message}.${name}: unknown option ${word}`);
  }
  if (type.startsWith('enum:')) return { number, name, label, kind: 'enum', ref: type.slice(5), options };
  if (SCALARS.has(type)) return { number, name, label, kind: type as ScalarType, options };
  return { number, name, label, kind: 'message', ref: type, options };
}

export function getMessage(name: string): MessageDef | undefined {
  return messages.get(name);
}

export function getEnum(name: string): EnumDef | undefined {
  return enums.get(name);
}

/** Every declared message name (for the self-check test). */
export function messageNames(): string[] {
  return [...messages.keys()];
}

/** Names referenced by fields that were never declared (empty when the tables are complete). */
export function unresolvedReferences(): string[] {
  const missing: string[] = [];
  for (const def of messages.values()) {
    for (const field of def.fields) {
      if (field.kind === 'message' && !messages.has(field.ref!)) missing.push(`${def.name}.${field.name}: ${field.ref}`);
      if (field.kind === 'enum' && !enums.has(field.ref!)) missing.push(`${def.name}.${field.name}: enum ${field.ref}`);
    }
  }
  return missing;
}
