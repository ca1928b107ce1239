import type { InspectorWarning } from '../../shared/model';

/** A decoded protobuf message, keyed by the .proto field names (snake_case, as crit prints them).
 *  Scalars: uint64/int64/fixed64/sint64 -> bigint; 32-bit ints and enums -> number; bool -> boolean;
 *  string -> string; bytes -> Uint8Array; nested message -> Message; repeated -> array (packed or not).
 *  Fields the schema does not know are kept in `__unknown`. An absent field is absent (undefined), also a
 *  required one: no protobuf-c defaults are invented; decodeImage warns about missing required fields.
 *  Bytes values are views into the image buffer: copy them before sending them across IPC. */
export interface Message {
  [field: string]: unknown;
  __unknown?: UnknownField[];
}

export interface UnknownField {
  field: number;
  wireType: number;
  /** varint/fixed values as bigint; length-delimited as bytes. */
  value: bigint | Uint8Array;
}

/** Raw bytes that follow an entry (ghost file contents, tcp queues, pipe data...). */
export interface ExtraPayload {
  label: string;
  /** Offset inside the image file. */
  offset: number;
  length: number;
}

export interface DecodedEntry {
  /** Offset of the entry's u32 size prefix inside the image. */
  offset: number;
  /** Bytes of the protobuf payload. */
  size: number;
  /** Name of the message type ("pagemap_head", "pagemap_entry", "mm_entry" ...). */
  type: string;
  message: Message;
  extras: ExtraPayload[];
}

export interface DecodedImage {
  /** Entry path of the image in the archive (or its file name). */
  file: string;
  /** CRIT magic name: "PAGEMAP", "CORE", ... "RAW" for headerless images, "UNKNOWN" if not known. */
  magic: string;
  magicValue?: number;
  /** True when the image kind has no protobuf framing (pages, tmpfs tarballs ...). */
  raw: boolean;
  entries: DecodedEntry[];
  /** Problems found (truncation, bad sizes, undecodable messages), with file and offset. */
  warnings: InspectorWarning[];
  /** Head magic (IMG_COMMON / IMG_SERVICE) when the image has one. */
  headMagic?: number;
  /** Size of the whole image (may exceed the bytes decoded, see DecodeOptions.totalSize). */
  totalSize: number;
  /** Bytes of the image that were available to the decoder. */
  decodedBytes: number;
}

export interface DecodeOptions {
  /** Size of the whole image when `bytes` holds only its beginning (payloads that run to EOF). */
  totalSize?: number;
}
