import { describe, expect, it } from 'vitest';
import { hex, sm3 } from './sm3';

// GB/T 32905-2016, appendix A: examples 1 and 2.
describe('sm3', () => {
  it('hashes "abc"', () => {
    expect(hex(sm3(new TextEncoder().encode('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('hashes 64 bytes of "abcd"', () => {
    expect(hex(sm3(new TextEncoder().encode('abcd'.repeat(16))))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
});
