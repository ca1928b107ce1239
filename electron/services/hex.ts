import { InspectorError } from '../errors';

const HEX_ADDRESS = /^(0x)?[0-9a-f]{1,16}$/i;

/** "0x7f2d00e33ad0" or "7f2d00e33ad0" -> bigint; anything else is a clear error. */
export function parseHexAddress(text: string): bigint {
  if (typeof text !== 'string' || !HEX_ADDRESS.test(text.trim())) {
    throw new InspectorError(`not a hexadecimal address: ${JSON.stringify(String(text).slice(0, 40))}`);
  }
  const digits = text.trim().replace(/^0x/i, '');
  return BigInt(`0x${digits}`);
}

/** Lowercase hex with 0x prefix, as every address crosses the bridge and appears in JSON. */
export function toHex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}
