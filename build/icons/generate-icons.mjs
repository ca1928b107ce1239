// Draws the app emblem (a stack of memory pages under a magnifying lens, on a dark rounded square)
// and writes icon.png (512x512), icon.ico (PNG-in-ICO, 16..256) and icon.icns (PNG entries,
// 128..1024) into this folder. No image tools needed: signed-distance shapes, 4x4 supersampling,
// a minimal PNG encoder over node:zlib. Run: node build/icons/generate-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const here = new URL('.', import.meta.url);

// ------------------------------------------------------------------ shapes (unit square, y down)

const length = (x, y) => Math.hypot(x, y);

function roundedBox(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  return length(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function segment(px, py, ax, ay, bx, by, r) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return length(px - ax - t * dx, py - ay - t * dy) - r;
}

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

const LENS = { x: 0.6, y: 0.57, r: 0.205, ring: 0.05 };

/** Layers back to front: [signed distance (<= 0 inside), rgb, alpha]. */
function layers(x, y) {
  const background = mix(hex('#24506e'), hex('#0e1f2d'), y);
  const pages = [0.29, 0.43, 0.57].map((cy, i) => [roundedBox(x, y, 0.4, cy, 0.22, 0.055, 0.025), hex(['#5fd4d0', '#38aeb0', '#24868d'][i]), 1]);
  const insideLens = length(x - LENS.x, y - LENS.y) - (LENS.r - LENS.ring / 2);
  return [
    [roundedBox(x, y, 0.5, 0.5, 0.46, 0.46, 0.2), background, 1],
    ...pages,
    // Inside the lens the pages look brighter, as if magnified.
    [Math.max(insideLens, Math.min(...pages.map((p) => p[0]))), hex('#b9f3ee'), 0.55],
    [insideLens, hex('#ffffff'), 0.1],
    [Math.abs(length(x - LENS.x, y - LENS.y) - LENS.r) - LENS.ring / 2, hex('#f2f6f8'), 1],
    [segment(x, y, 0.755, 0.725, 0.865, 0.835, 0.042), hex('#f2f6f8'), 1],
  ];
}

function render(size) {
  const samples = 4;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          let cr = 0, cg = 0, cb = 0, ca = 0; // premultiplied
          for (const [distance, color, alpha] of layers(x, y)) {
            if (distance > 0) continue;
            cr = color[0] * alpha + cr * (1 - alpha);
            cg = color[1] * alpha + cg * (1 - alpha);
            cb = color[2] * alpha + cb * (1 - alpha);
            ca = alpha + ca * (1 - alpha);
          }
          r += cr; g += cg; b += cb; a += ca;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      rgba[i] = alpha ? Math.round(r / n / alpha) : 0;
      rgba[i + 1] = alpha ? Math.round(g / n / alpha) : 0;
      rgba[i + 2] = alpha ? Math.round(b / n / alpha) : 0;
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return rgba;
}

// ------------------------------------------------------------------ PNG

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------ ICO and ICNS containers

function encodeIco(pngs) {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header[entry] = size >= 256 ? 0 : size;
    header[entry + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, entry + 4); // planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, p) => sum + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const cache = new Map();
const png = (size) => {
  if (!cache.has(size)) cache.set(size, encodePng(size, render(size)));
  return cache.get(size);
};

writeFileSync(new URL('icon.png', here), png(512));
writeFileSync(new URL('icon.ico', here), encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: png(size) }))));
writeFileSync(
  new URL('icon.icns', here),
  encodeIcns([
    { type: 'ic11', png: png(32) }, // 16@2x
    { type: 'ic12', png: png(64) }, // 32@2x
    { type: 'ic07', png: png(128) },
    { type: 'ic13', png: png(256) }, // 128@2x
    { type: 'ic08', png: png(256) },
    { type: 'ic14', png: png(512) }, // 256@2x
    { type: 'ic09', png: png(512) },
    { type: 'ic10', png: png(1024) }, // 512@2x
  ]),
);
console.log('wrote build/icons/icon.png, icon.ico, icon.icns');
