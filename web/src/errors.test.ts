// The wording of errors the server stored as text (a batch job's failed document).
import { describe, expect, it } from 'vitest';

// i18n reads the chosen language from localStorage when it loads; tests run in Node, which has
// none, so a map stands in before the modules are imported.
const stored = new Map<string, string>();
Object.assign(globalThis, {
  localStorage: {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
    removeItem: (key: string) => void stored.delete(key),
  },
});
const { locale } = await import('./i18n');
const { codeText, storedErrorText } = await import('./errors');

describe('storedErrorText', () => {
  it('words a stored "code: message" by its code, keeping the text as detail', () => {
    locale.value = 'zh-CN';
    expect(storedErrorText('pdf.sign.keyword_not_found: keyword "甲方" occurrence 2 not found')).toBe(
      '文档中找不到该关键字（或没有所要求的第几处）\npdf.sign.keyword_not_found · keyword "甲方" occurrence 2 not found',
    );
    expect(storedErrorText('pdf.xref.bad_offset: no object at 1234')).toBe(
      'PDF 文档无法读取或处理（文件已损坏或不受支持）（pdf.xref.bad_offset）\npdf.xref.bad_offset · no object at 1234',
    );
  });

  it('leaves text without a code as it is', () => {
    locale.value = 'zh-CN';
    expect(storedErrorText('interrupted by a restart')).toBe('interrupted by a restart');
  });

  it('speaks English when the console does', () => {
    locale.value = 'en';
    expect(codeText('ofd.place.keyword_not_found')).toBe('The keyword does not occur in the document');
    locale.value = 'zh-CN';
  });
});
