// The API's field rules (src/validate, src/server/workflow/application_validation.cc) in
// TypeScript, so the form checks each field as it is typed. The messages are keyed for i18n; the
// `code` is the C++ error code, so src/validate/rules.test.ts and tests/validate/
// console_rules_test.cc check both implementations against the same cases (cases.json).

export interface RuleError {
  code: string; // e.g. validate.uscc.check_character
  params?: Record<string, string | number>;
}
export type Verdict = RuleError | null;

const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015 §4: weight of position i is 3^i mod 31.
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]) * USCC_WEIGHTS[i];
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

export function checkUscc(code: string): Verdict {
  if (code.length !== 18) return { code: 'validate.uscc.length', params: { n: code.length } };
  for (let i = 0; i < 18; i++) {
    if (!USCC_ALPHABET.includes(code[i]))
      return { code: 'validate.uscc.character', params: { c: code[i], pos: i + 1 } };
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (code[17] !== expected)
    return { code: 'validate.uscc.check_character', params: { got: code[17], want: expected } };
  return null;
}

// ISO 7064 MOD 11-2 (GB 11643): weight of position i is 2^(17-i) mod 11.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return '10X98765432'[sum % 11];
}

export function checkIdNumber(id: string, today: Date = new Date()): Verdict {
  if (id.length !== 18) return { code: 'validate.id_number.length', params: { n: id.length } };
  for (let i = 0; i < 17; i++) {
    if (id[i] < '0' || id[i] > '9') return { code: 'validate.id_number.character', params: { pos: i + 1 } };
  }
  if (!/[0-9X]/.test(id[17])) return { code: 'validate.id_number.character', params: { pos: 18 } };
  const year = Number(id.slice(6, 10)), month = Number(id.slice(10, 12)), day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const valid = month >= 1 && month <= 12 && birth.getUTCDate() === day && birth.getUTCMonth() === month - 1;
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (!valid || year < 1800 || birth.getTime() > todayUtc)
    return { code: 'validate.id_number.birth_date', params: { date: id.slice(6, 14) } };
  const expected = idCheckCharacter(id.slice(0, 17));
  if (id[17] !== expected)
    return { code: 'validate.id_number.check_character', params: { got: id[17], want: expected } };
  return null;
}

export function normalizeMobile(number: string): string | RuleError {
  let digits = '';
  for (let i = 0; i < number.length; i++) {
    const c = number[i];
    if (c === ' ' || c === '-') continue;
    if (c === '+' && digits === '' && i + 2 < number.length && number.slice(i + 1, i + 3) === '86') continue;
    if (c < '0' || c > '9') return { code: 'validate.mobile.format', params: { c } };
    digits += c;
  }
  if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length !== 11 || digits[0] !== '1' || digits[1] < '3')
    return { code: 'validate.mobile.format', params: {} };
  return digits;
}

export function checkMobile(number: string): Verdict {
  const r = normalizeMobile(number);
  return typeof r === 'string' ? null : r;
}

export function checkRegionFormat(code: string): Verdict {
  if (!/^[0-9]{6}$/.test(code)) return { code: 'validate.region.format', params: { v: code } };
  const p = Number(code.slice(0, 2));
  if (!((p >= 11 && p <= 65) || p === 71 || p === 81 || p === 82))
    return { code: 'validate.region.format', params: { v: code } };
  return null;
}

// `regions` is the GB/T 2260 list (data/region-codes/gb2260.tsv), loaded with the form.
export function checkRegion(code: string, regions: Map<string, string>): Verdict {
  return checkRegionFormat(code) ?? (regions.has(code) ? null : { code: 'validate.region.unknown', params: { v: code } });
}

export function parseRegionList(tsv: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of tsv.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [code, name] = line.split('\t');
    if (code && name) out.set(code, name.trim());
  }
  return out;
}

export const SEAL_CATEGORIES = ['01', '02', '03', '04', '05'];
export function checkSealCategory(c: string): Verdict {
  return SEAL_CATEGORIES.includes(c) ? null : { code: 'validate.seal_category.unknown', params: { v: c } };
}

export function checkSealName(name: string): Verdict {
  const bytes = new TextEncoder().encode(name).length;
  if (bytes === 0) return { code: 'validate.seal_name.empty' };
  if (bytes > 160) return { code: 'validate.seal_name.too_long', params: { n: bytes } };
  return null;
}

export function checkSealSize(text: string): Verdict {
  if (!/^[0-9]{1,3}(\.[0-9])?$/.test(text)) return { code: 'validate.seal_size.format', params: { v: text } };
  const value = Number(text);
  if (value < 10 || value > 100) return { code: 'validate.seal_size.range', params: { v: text } };
  return null;
}

// 'yyyy-MM-dd HH:mm:ss' exactly (re-formatting must give the input back, as in C++).
export function parseWireTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h - 8, mi, s);
  const back = new Date(t + 8 * 3600_000);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d ||
      back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== s)
    return null;
  return t;
}

export function checkWireTime(text: string): Verdict {
  return parseWireTime(text) === null ? { code: 'validate.time.format', params: { v: text } } : null;
}

export function checkValidity(from: string, to: string): Verdict {
  const a = parseWireTime(from), b = parseWireTime(to);
  if (a === null) return { code: 'validate.time.format', params: { v: from } };
  if (b === null) return { code: 'validate.time.format', params: { v: to } };
  return a < b ? null : { code: 'validate.time.order' };
}

export function formatWireTime(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())}`;
}
