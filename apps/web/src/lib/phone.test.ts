import { describe, expect, it } from 'vitest';
import { maskPhone } from './phone';

describe('maskPhone (web)', () => {
  it('masks as the API and Alibaba do', () => {
    expect(maskPhone('8613800138000')).toBe('138****8000');
    expect(maskPhone('+8613900000099')).toBe('139****0099');
    expect(maskPhone('+447911123456')).toBe('+447****3456');
  });
});
