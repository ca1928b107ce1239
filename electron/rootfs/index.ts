export { buildRootfsDiff, containerPrefix, diffFolders, diffMembers, memberPath, resolveGhostImage, rootfsDiffJson } from './diff';
export { exportFiles, saveBytesTo, GHOST_FOLDER, type ExportOptions } from './export';
export { readGhost, type GhostContents, type GhostPiece } from './ghost';
export { sanitizeMemberName, type SafeName } from './names';
