// A seal request package (.sreq, docs/seal-request-package.md) summarised for the reviewer: the
// unit and seal it asks for, when it was made, and SM3 fingerprints of the new seal key (the
// CSR's public key point) and of the package (the signing service's "packageSm3"). Reads the
// DER only as far as these fields; the platform verified the package when it was filed.
import { hex, sm3 } from './sm3';

interface Tlv { tag: number; start: number; end: number; next: number }

function tlv(d: Uint8Array, at: number): Tlv {
  if (at + 2 > d.length) throw new Error('truncated');
  const tag = d[at];
  let len = d[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || start + n > d.length) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + d[start + i];
    start += n;
  }
  if (start + len > d.length) throw new Error('truncated');
  return { tag, start, end: start + len, next: start + len };
}
function children(d: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end; at = out[out.length - 1].next) out.push(tlv(d, at));
  return out;
}
const text = (d: Uint8Array, e: Tlv) => new TextDecoder().decode(d.subarray(e.start, e.end));

export interface PackageSummary { uscc: string; unitName: string; sealName: string; category: string; createdAt: string; keySm3: string; packageSm3: string }

export function summarisePackage(der: Uint8Array): PackageSummary | null {
  try {
    const top = tlv(der, 0);
    const info = children(der, children(der, top)[0]);
    const [unit, seal, csr, created] = [info[2], info[3], info[4], info[5]];
    const [uscc, unitName] = children(der, unit);
    const [sealName, category] = children(der, seal);
    const csrInfo = children(der, children(der, csr)[0]);
    const spki = children(der, csrInfo[2]);
    const point = der.subarray(spki[1].start + 1, spki[1].end); // BIT STRING: skip unused-bits octet
    const g = text(der, created); // YYYYMMDDHHMMSSZ, UTC
    const createdAt = g.length >= 14 ? `${g.slice(0, 4)}-${g.slice(4, 6)}-${g.slice(6, 8)}T${g.slice(8, 10)}:${g.slice(10, 12)}:${g.slice(12, 14)}Z` : g;
    return {
      uscc: text(der, uscc), unitName: text(der, unitName), sealName: text(der, sealName), category: text(der, category),
      createdAt, keySm3: hex(sm3(point)), packageSm3: hex(sm3(der)),
    };
  } catch {
    return null;
  }
}
