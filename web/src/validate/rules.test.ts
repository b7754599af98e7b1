// The TypeScript field rules against the shared cases; tests/validate/console_rules_test.cc runs
// the C++ rules on the same file, so the two implementations cannot drift apart unnoticed.
import { describe, expect, it } from 'vitest';
import regionList from '../../../data/region-codes/gb2260.tsv?raw';
import * as R from './rules';
import cases from './cases.json';

const regions = R.parseRegionList(regionList);
const rules: Record<string, (input: string) => R.Verdict> = {
  uscc: R.checkUscc,
  id: (v) => R.checkIdNumber(v),
  mobile: R.checkMobile,
  region: (v) => R.checkRegion(v, regions),
  size: R.checkSealSize,
  category: R.checkSealCategory,
  name: R.checkSealName,
  time: R.checkWireTime,
  validity: (v) => R.checkValidity(v.split('|')[0], v.split('|')[1]),
};

describe('field rules agree with the shared cases', () => {
  for (const c of cases.cases) {
    it(`${c.rule} ${JSON.stringify(c.input)} -> ${c.expect}`, () => {
      expect(rules[c.rule](c.input)?.code ?? null).toBe(c.expect);
    });
  }
});

describe('check characters', () => {
  it('computes the USCC and ID check characters', () => {
    expect(R.usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(R.idCheckCharacter('11010519491231002')).toBe('X');
  });
});
