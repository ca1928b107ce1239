export type { ArchiveEntry, ArchiveLimits, Backing, OpenOptions, OpenedArchive } from './types';
export { archiveLimits, openArchive } from './open';
export { hashEvidence, hashFile, hashFolder, startHash } from './hash';
export { KIND_RULES, kindFromName, kindOfMember, kindRuleOf, kindWithMagic, type Kind, type KindRule } from './kinds';
export { normaliseEntryName } from './paths';
