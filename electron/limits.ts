// Every limit the app enforces, in one place (documented in README "Limits").
// Reaching one is a visible warning or a clear error, never a silent cut.
export const LIMITS = {
  /** Entries indexed per archive (nested archives included). */
  maxEntries: 1_000_000,
  /** Bytes a compressed archive may expand to in its temporary copy. */
  maxDecompressedBytes: 64 * 1024 ** 3,
  /** Expansion ratio above which decompression stops as a likely bomb (after the first 64 MiB). */
  maxCompressionRatio: 1000,
  /** Window a zstd frame may ask the decoder to allocate (zstd's own default cap is 128 MiB; --long=28). */
  maxZstdWindowBytes: 256 * 1024 * 1024,
  /** Nesting depth of archives inside archives. */
  maxNestingDepth: 2,
  /** Size of one pax/GNU long-name header record. */
  maxExtendedHeaderBytes: 1024 * 1024,
  /** Bytes of a non-raw CRIU image decoded at once. */
  maxImageBytes: 256 * 1024 * 1024,
  /** Entries decoded from one image (a 1M-run pagemap is ~30 MB; more is not a real dump). */
  maxImageEntries: 4_000_000,
  /** Empty (size 0) entries in a row after which the rest of an image is taken as zero padding. */
  maxEmptyEntriesInARow: 1024,
  /** Size of one protobuf message inside an image. */
  maxMessageBytes: 64 * 1024 * 1024,
  /** Bytes of a JSON/text metadata file (config.dump, spec.dump, ...). */
  maxMetadataBytes: 64 * 1024 * 1024,
  /** Bytes one readEntry call returns. */
  maxReadBytes: 4 * 1024 * 1024,
  /** Strings kept from one argv or environment block (a corrupt range of zeros would be millions). */
  maxArgvEnvItems: 65_536,
  /** Warnings listed per image (damaged entries) and per warning list; the rest are counted in one line. */
  maxEntryWarningsPerImage: 100,
  maxWarningsPerList: 200,
  /** Bytes one readMemory call returns. */
  maxMemoryReadBytes: 1024 * 1024,
  /** Hits a search keeps. */
  maxSearchHits: 100_000,
  /** Strings a strings job keeps. */
  maxStrings: 500_000,
  /** Characters of one untrusted string shown before it is truncated (the whole is one click away). */
  maxDisplayString: 4096,
  /** Bytes of one log line kept for display. */
  maxLogLineBytes: 1024 * 1024,
} as const;
