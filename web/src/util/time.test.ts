import { describe, expect, it } from 'vitest';
import { formatTime } from './time';

// The test runs in the machine's zone: compare with what Date itself gives for the same instant.
const local = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};
describe('formatTime', () => {
  it('shows ISO UTC in local time', () => expect(formatTime('2026-01-02T03:04:05Z')).toBe(local('2026-01-02T03:04:05Z')));
  it('reads wire times as Beijing time', () => expect(formatTime('2026-01-02 11:04:05')).toBe(local('2026-01-02T03:04:05Z')));
  it('drops seconds on request', () => expect(formatTime('2026-01-02T03:04:05Z', false)).toBe(local('2026-01-02T03:04:05Z').slice(0, 16)));
  it('says — for nothing and keeps what it cannot read', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('soon')).toBe('soon');
  });
});
