// The spec's seal-image checks (src/validate/seal_image.h) in the browser: PNG with bit depth
// ≤ 8, exactly two colours (fully transparent pixels count as one), 600 DPI in pHYs, ≤ 25 KB.
export interface ImageCheck {
  key: 'png' | 'bitDepth' | 'colours' | 'dpi' | 'size';
  ok: boolean;
  found: string;
}
export interface ImageReport {
  checks: ImageCheck[];
  width: number;
  height: number;
  dpiX: number | null;
  dpiY: number | null;
  widthMm: number | null;
  heightMm: number | null;
}

export const MAX_SEAL_IMAGE_BYTES = 25 * 1024;

// Header facts read from the chunks (no pixels): IHDR and pHYs.
export function readPngHeader(bytes: Uint8Array) {
  const sig = [137, 80, 78, 71, 13, 10, 26, 10];
  if (bytes.length < 33 || sig.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0, height = 0, bitDepth = 0, colourType = 0;
  let dpiX: number | null = null, dpiY: number | null = null;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = at + 8;
    if (data + length > bytes.length) break;
    if (type === 'IHDR' && length >= 13) {
      width = view.getUint32(data);
      height = view.getUint32(data + 4);
      bitDepth = bytes[data + 8];
      colourType = bytes[data + 9];
    } else if (type === 'pHYs' && length >= 9 && bytes[data + 8] === 1) {
      dpiX = view.getUint32(data) * 0.0254;
      dpiY = view.getUint32(data + 4) * 0.0254;
    } else if (type === 'IEND') break;
    at = data + length + 4;
  }
  return { width, height, bitDepth, colourType, dpiX, dpiY };
}

// Distinct RGBA colours up to 3 ("three or more"); transparent pixels are one colour.
export function countColours(rgba: Uint8ClampedArray): number {
  const seen = new Set<number>();
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3];
    const key = a === 0 ? -1 : ((rgba[i] << 24) | (rgba[i + 1] << 16) | (rgba[i + 2] << 8) | a);
    seen.add(key);
    if (seen.size >= 3) return 3;
  }
  return seen.size;
}

export async function checkSealImage(file: Blob): Promise<ImageReport> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const header = readPngHeader(bytes);
  const checks: ImageCheck[] = [];
  const report: ImageReport = { checks, width: 0, height: 0, dpiX: null, dpiY: null, widthMm: null, heightMm: null };
  checks.push({ key: 'png', ok: header !== null, found: header ? 'PNG' : '—' });
  checks.push({ key: 'size', ok: bytes.length <= MAX_SEAL_IMAGE_BYTES, found: `${(bytes.length / 1024).toFixed(1)} KB` });
  if (!header) return report;
  Object.assign(report, { width: header.width, height: header.height, dpiX: header.dpiX, dpiY: header.dpiY });
  checks.push({ key: 'bitDepth', ok: header.bitDepth <= 8, found: `${header.bitDepth}` });
  const is600 = (d: number | null) => d !== null && Math.abs(d - 600) < 0.05;
  checks.push({
    key: 'dpi', ok: is600(header.dpiX) && is600(header.dpiY),
    found: header.dpiX === null ? '—' : `${Math.round(header.dpiX)} × ${Math.round(header.dpiY ?? 0)}`,
  });
  let colours = 0;
  try {
    const bitmap = await createImageBitmap(file);
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    colours = countColours(ctx.getImageData(0, 0, bitmap.width, bitmap.height).data);
  } catch {
    colours = 0;
  }
  checks.push({ key: 'colours', ok: colours === 2, found: colours >= 3 ? '≥3' : String(colours) });
  if (header.dpiX && header.dpiY) {
    report.widthMm = (header.width / header.dpiX) * 25.4;
    report.heightMm = (header.height / header.dpiY) * 25.4;
  }
  return report;
}
