// CRIU image decoding: framing, schemas, crit-style pretty output, and a per-archive image cache.
export { decodeImage } from './decode-image';
export { decodeMessage, decodeMessageTolerant, MessageDecodeError } from './message-decoder';
export { describeImage, expectedMagic, imageKind, isRawImageName } from './kinds';
export { CRIU_MAGICS, IMG_COMMON_MAGIC, IMG_SERVICE_MAGIC, formatMagic, magicName, readImageMagic } from './magic';
export { DEFAULT_IMAGE_CACHE_BYTES, ImageStore, isImageEntry, type ImageStoreOptions } from './image-store';
export { hexString, prettyEntry, prettyImage, prettyMessage, toImageView, type PrettyImage } from './pretty';
export type { DecodedEntry, DecodedImage, DecodeOptions, ExtraPayload, Message, UnknownField } from './types';
