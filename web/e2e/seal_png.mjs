// A seal image that meets the spec's rules, made for the tests: a red ring, star-free, with a
// bar across, as a palette PNG (colour type 3, bit depth 8) with two entries (red, white),
// white transparent (tRNS), 600 DPI (pHYs 23622 px/m). 40 mm = 945 px.
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function sealPng(diameterMm = 40, { dpi = 600, colours = 2 } = {}) {
  const size = Math.round((diameterMm / 25.4) * dpi);
  const r = size / 2, ring = Math.round((1.2 / 25.4) * dpi);
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(size + 1);
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - r, y + 0.5 - r);
      const ink = (d <= r && d >= r - ring) || (Math.abs(y - r) < ring / 2 && d < r - 2 * ring);
      // A third colour (index 2) in one corner pixel when the test wants a bad image.
      row[x + 1] = ink ? 1 : colours > 2 && x === 0 && y === 0 ? 2 : 0;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // palette
  const plte = Buffer.from(colours > 2 ? [255, 255, 255, 200, 16, 46, 0, 0, 255] : [255, 255, 255, 200, 16, 46]);
  const trns = Buffer.from([0]);
  const phys = Buffer.alloc(9);
  const ppm = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(ppm, 0);
  phys.writeUInt32BE(ppm, 4);
  phys[8] = 1;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr), chunk('PLTE', plte), chunk('tRNS', trns), chunk('pHYs', phys),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}
