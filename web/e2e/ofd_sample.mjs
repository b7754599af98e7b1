// A small, valid, unsigned OFD for the browser tests, laid out as gmseal's own sample documents
// (src/ofd/sample_document.cc): A4 pages, one TextObject per line at 20 mm from the left, 5 mm
// glyphs advancing 5 mm, lines 8 mm apart from y = 30 mm. The ZIP is written here (entries
// stored, not deflated): no npm package for one test file.

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// files: [[name, string]] -> a ZIP Buffer (method 0, no data descriptors).
function storedZip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const header = '<?xml version="1.0" encoding="UTF-8"?>\n';
const ns = ' xmlns:ofd="http://www.ofdspec.org/2016"';
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// pages: [[line, ...], ...] -> the OFD as a Buffer.
export function textOfd(pages) {
  let id = 2; // 1 is the font
  const pageList = [];
  const pageFiles = [];
  pages.forEach((lines, i) => {
    pageList.push(`<ofd:Page ID="${id++}" BaseLoc="Pages/Page_${i}/Content.xml"/>`);
    let content = `${header}<ofd:Page${ns}><ofd:Content><ofd:Layer ID="${id++}">`;
    lines.forEach((line, k) => {
      const glyphs = [...line].length;
      const deltas = glyphs > 1 ? ` DeltaX="g ${glyphs - 1} 5"` : '';
      content += `<ofd:TextObject ID="${id++}" Boundary="20 ${30 + 8 * k} ${5 * glyphs + 1} 7" Font="1" Size="5">` +
        `<ofd:TextCode X="0" Y="5"${deltas}>${escape(line)}</ofd:TextCode></ofd:TextObject>`;
    });
    content += '</ofd:Layer></ofd:Content></ofd:Page>';
    pageFiles.push([`Doc_0/Pages/Page_${i}/Content.xml`, content]);
  });
  return storedZip([
    ['OFD.xml', `${header}<ofd:OFD${ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>gmseal-e2e</ofd:DocID>` +
      '<ofd:Creator>gmseal e2e</ofd:Creator></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'],
    ['Doc_0/Document.xml', `${header}<ofd:Document${ns}><ofd:CommonData><ofd:MaxUnitID>${id - 1}</ofd:MaxUnitID>` +
      '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>' +
      `</ofd:CommonData><ofd:Pages>${pageList.join('')}</ofd:Pages></ofd:Document>`],
    ['Doc_0/PublicRes.xml', `${header}<ofd:Res${ns} BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="SimSun" FamilyName="SimSun"/></ofd:Fonts></ofd:Res>`],
    ...pageFiles,
  ]);
}
