// A PDF of N text pages (Helvetica, a heading and 40 lines each) for the preview timing; built
// here so the test needs no document files.
export function textPdf(pageCount = 100) {
  const objects = [];
  const add = (body) => objects.push(body) && objects.length;
  const catalog = add(null);
  const pagesObj = add(null);
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const kids = [];
  for (let p = 1; p <= pageCount; p++) {
    let text = `BT /F1 18 Tf 72 770 Td (Page ${p} of ${pageCount}) Tj ET\n`;
    for (let l = 0; l < 40; l++) text += `BT /F1 10 Tf 72 ${740 - l * 16} Td (Line ${l + 1}: the quick brown fox jumps over the lazy dog 0123456789) Tj ET\n`;
    const content = add(`<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}endstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${pageCount} >>`;
  let out = '%PDF-1.7\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
