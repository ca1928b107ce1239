// Memory: address spaces (VMAs + pagemap -> pages offsets), reads by virtual address, search and
// strings in worker threads.

export { loadAddressSpace, splitNul, type LoadOptions, type MemoryPiece, type ProcessMemory } from './address-space';
export type { ImageLookup } from './images';
export { compileQuery, parseHex, MAX_REGEX_MATCH } from './patterns';
export { collectingContext, searchAll, searchMemory, type SearchAllResult, type SearchResult } from './search';
export { extractStrings, type StringsResult } from './strings';
export type { ScanOptions } from './scan-job';
