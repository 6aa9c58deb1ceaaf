import { describe, expect, it } from 'vitest';
import { configMapKeys, keyList } from './configmaps.js';

describe('configmaps', () => {
  it('lists the keys of data and binaryData together, sorted as kubectl shows them', () => {
    expect(
      configMapKeys({ data: { 'ui.properties': 'a=b\n', APP: 'x' }, binaryData: { logo: 'AA==' } }),
    ).toEqual(['APP', 'logo', 'ui.properties']);
    expect(configMapKeys(undefined)).toEqual([]);
  });

  it('names an empty key list in words', () => {
    expect(keyList([])).toEqual({ zh: '无', en: 'none' });
    expect(keyList(['a', 'b'])).toEqual({ zh: 'a, b', en: 'a, b' });
  });
});
