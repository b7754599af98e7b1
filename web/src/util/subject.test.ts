import { describe, expect, it } from 'vitest';
import { parseSubject, summarizeSubject } from './subject';

describe('certificate subjects', () => {
  it('reads a GM/T 0015 unit subject', () => {
    const s = 'C=CN, T=91350100M000100Y43, 2.5.4.1=91350100M000100Y43, G=北京某某科技有限公司, CN=北京某某科技有限公司';
    expect(summarizeSubject(s)).toEqual({ name: '北京某某科技有限公司', code: '91350100M000100Y43' });
  });

  it('keeps a value that holds a comma whole', () => {
    expect(parseSubject('C=CN, O=甲, 乙联合体, CN=张三')).toEqual([['C', 'CN'], ['O', '甲, 乙联合体'], ['CN', '张三']]);
  });

  it('falls back to other attributes, and gives up without a holder name', () => {
    expect(summarizeSubject('C=CN, O=某某银行, serialNumber=123')).toEqual({ name: '某某银行', code: '123' });
    expect(summarizeSubject('C=CN, ST=Hunan')).toBeNull();
  });
});
