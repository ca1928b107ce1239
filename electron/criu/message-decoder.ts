// Decodes one protobuf message with the wire reader of @bufbuild/protobuf, driven by the schema tables.
// Tolerant: unknown fields are kept in `__unknown`, a field whose wire type does not match the schema is
// kept there too, and a malformed message stops with a MessageDecodeError carrying the byte offset while
// everything decoded up to that point stays in the target object.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import type { Message, UnknownField } from './types';
import { getMessage, type FieldDef, type MessageDef, type ScalarType } from './schema';
import './schemas';

/** Nesting deeper than this is treated as corruption (cgroup dirs are the only recursive message). */
const MAX_DEPTH = 64;

export class MessageDecodeError extends Error {
  /** Offset inside the message bytes where decoding stopped. */
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.name = 'MessageDecodeError';
    this.offset = offset;
  }
}

const WIRE_OF: Record<ScalarType | 'enum', WireType> = {
  u32: WireType.Varint, u64: WireType.Varint, i32: WireType.Varint, i64: WireType.Varint,
  s32: WireType.Varint, s64: WireType.Varint, bool: WireType.Varint, enum: WireType.Varint,
  fx64: WireType.Bit64, sfx64: WireType.Bit64, double: WireType.Bit64,
  fx32: WireType.Bit32, sfx32: WireType.Bit32, float: WireType.Bit32,
  string: WireType.LengthDelimited, bytes: WireType.LengthDelimited,
};

/** Decodes `bytes` as message `type` into a new object. Throws MessageDecodeError (with the offset)
 *  when the bytes are malformed; decodeMessageTolerant keeps the partial result instead. */
export function decodeMessage(bytes: Uint8Array, type: string): Message {
  const def = getMessage(type);
  if (!def) throw new Error(`no schema for message ${type}`);
  const target: Message = {};
  readInto(bytes, 0, def, target, 0, { invalidUtf8: [] });
  return target;
}

/** What the reader noticed without stopping. */
interface ReadContext {
  /** Paths of string fields that were not valid UTF-8 (decoded with U+FFFD replacements). */
  invalidUtf8: string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Like decodeMessage, but never throws for bad bytes: returns what was decoded and the error. */
export function decodeMessageTolerant(bytes: Uint8Array, type: string): DecodeResult {
  const def = getMessage(type);
  if (!def) throw new Error(`no schema for message ${type}`);
  const target: Message = {};
  const context: ReadContext = { invalidUtf8: [] };
  const result: DecodeResult = { message: target };
  try {
    readInto(bytes, 0, def, target, 0, context);
  } catch (error) {
    if (!(error instanceof MessageDecodeError)) throw error;
    result.error = error;
  }
  if (context.invalidUtf8.length) result.invalidUtf8 = context.invalidUtf8;
  if (!result.error) {
    const missing: string[] = [];
    findMissingRequired(target, def, '', missing);
    if (missing.length) result.missingRequired = missing;
  }
  return result;
}

export interface DecodeResult {
  message: Message;
  /** Why decoding stopped early (the message holds what came before). */
  error?: MessageDecodeError;
  /** Required fields absent from a complete message ("tc.comm"): protobuf-c, and so CRIU's restore,
   *  would refuse such an entry. They stay absent in the message (no invented defaults). */
  missingRequired?: string[];
  /** String fields that were not valid UTF-8 ("reg.name"); their text has U+FFFD in place of the
   *  bad bytes. Linux paths are bytes, so this is worth telling. */
  invalidUtf8?: string[];
}

function findMissingRequired(message: Message, def: MessageDef, prefix: string, out: string[]): void {
  for (const field of def.fields) {
    const value = message[field.name];
    if (value === undefined) {
      if (field.label === 'req') out.push(prefix + field.name);
      continue;
    }
    if (field.kind !== 'message') continue;
    const child = getMessage(field.ref!);
    if (!child) continue;
    const items = field.label === 'rep' ? (value as Message[]) : [value as Message];
    items.forEach((item, i) => findMissingRequired(item, child, `${prefix}${field.name}${field.label === 'rep' ? `[${i}]` : ''}.`, out));
  }
}

/** Reads the fields of one message. `base` is the offset of `bytes` inside the outermost message. */
function readInto(bytes: Uint8Array, base: number, def: MessageDef | undefined, target: Message, depth: number, context: ReadContext, path = ''): void {
  if (depth > MAX_DEPTH) throw new MessageDecodeError(`messages nested deeper than ${MAX_DEPTH} levels`, base);
  const reader = new BinaryReader(bytes);
  while (reader.pos < reader.len) {
    const fieldStart = reader.pos;
    let fieldNo: number;
    let wireType: WireType;
    try {
      [fieldNo, wireType] = reader.tag();
    } catch (error) {
      throw new MessageDecodeError(`bad field tag: ${(error as Error).message}`, base + fieldStart);
    }
    const field = def?.byNumber.get(fieldNo);
    try {
      if (!field) {
        addUnknown(target, { field: fieldNo, wireType, value: readUnknownValue(reader, wireType, fieldNo) });
      } else if (field.kind === 'message') {
        if (wireType !== WireType.LengthDelimited) {
          addUnknown(target, { field: fieldNo, wireType, value: readUnknownValue(reader, wireType, fieldNo) });
        } else {
          const sub = reader.bytes();
          checkBounds(reader);
          const child: Message = {};
          store(target, field, child);
          readInto(sub, base + reader.pos - sub.length, getMessage(field.ref!), child, depth + 1, context, `${path}${field.name}.`);
        }
      } else {
        readScalarField(reader, field, wireType, target, base, (invalid) => {
          if (invalid) context.invalidUtf8.push(`${path}${field.name}`);
        });
      }
      checkBounds(reader);
    } catch (error) {
      if (error instanceof MessageDecodeError) throw error;
      const name = field ? `${def!.name}.${field.name}` : `field ${fieldNo}`;
      throw new MessageDecodeError(`${name}: ${(error as Error).message}`, base + fieldStart);
    }
  }
}

function readScalarField(
  reader: BinaryReader,
  field: FieldDef,
  wireType: WireType,
  target: Message,
  base: number,
  onString: (invalidUtf8: boolean) => void,
): void {
  const kind = field.kind as ScalarType | 'enum';
  const expected = WIRE_OF[kind];
  if (wireType === expected && kind === 'string') {
    const bytes = reader.bytes();
    checkBounds(reader);
    const [text, valid] = decodeUtf8(bytes);
    store(target, field, text);
    onString(!valid);
    return;
  }
  if (wireType === expected) {
    store(target, field, readScalar(reader, kind));
    return;
  }
  if (wireType === WireType.LengthDelimited && field.label === 'rep' && expected !== WireType.LengthDelimited) {
    // Packed repeated scalars: accepted whatever the .proto says.
    const packed = reader.bytes();
    checkBounds(reader);
    const inner = new BinaryReader(packed);
    const list = (target[field.name] as unknown[] | undefined) ?? [];
    target[field.name] = list;
    while (inner.pos < inner.len) {
      const at = inner.pos;
      list.push(readScalar(inner, kind));
      if (inner.pos > inner.len) {
        throw new MessageDecodeError(`${field.name}: packed element runs past its field`, base + reader.pos - packed.length + at);
      }
    }
    return;
  }
  addUnknown(target, { field: field.number, wireType, value: readUnknownValue(reader, wireType, field.number) });
}

function readScalar(reader: BinaryReader, kind: ScalarType | 'enum'): unknown {
  switch (kind) {
    case 'u32': return reader.uint32();
    case 'i32': case 'enum': return reader.int32();
    case 's32': return reader.sint32();
    case 'u64': return BigInt(reader.uint64());
    case 'i64': return BigInt(reader.int64());
    case 's64': return BigInt(reader.sint64());
    case 'fx32': return reader.fixed32();
    case 'sfx32': return reader.sfixed32();
    case 'fx64': return BigInt(reader.fixed64());
    case 'sfx64': return BigInt(reader.sfixed64());
    case 'bool': return reader.bool();
    case 'float': return reader.float();
    case 'double': return reader.double();
    case 'string': return decodeUtf8(reader.bytes())[0];
    case 'bytes': return reader.bytes();
  }
}

/** UTF-8 text of a string field, and whether it was valid (if not, bad bytes became U+FFFD). */
function decodeUtf8(bytes: Uint8Array): [string, boolean] {
  try {
    return [strictUtf8.decode(bytes), true];
  } catch {
    return [lenientUtf8.decode(bytes), false];
  }
}

function readUnknownValue(reader: BinaryReader, wireType: WireType, fieldNo: number): bigint | Uint8Array {
  switch (wireType) {
    case WireType.Varint: return BigInt(reader.uint64());
    case WireType.Bit64: return BigInt(reader.fixed64());
    case WireType.Bit32: return BigInt(reader.fixed32());
    case WireType.LengthDelimited: return reader.bytes();
    case WireType.StartGroup: return reader.skip(wireType, fieldNo, 16);
    default: throw new Error(`unexpected wire type ${wireType}`);
  }
}

function checkBounds(reader: BinaryReader): void {
  if (reader.pos > reader.len) throw new Error(`runs past the end of the message (${reader.pos - reader.len} bytes missing)`);
}

function store(target: Message, field: FieldDef, value: unknown): void {
  if (field.label === 'rep') {
    const list = (target[field.name] as unknown[] | undefined) ?? [];
    list.push(value);
    target[field.name] = list;
  } else {
    target[field.name] = value;
  }
}

function addUnknown(target: Message, unknown: UnknownField): void {
  (target.__unknown ??= []).push(unknown);
}
