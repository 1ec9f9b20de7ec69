import { en } from '../src/i18n/en';
import { fillTemplate, placeholdersOf } from '../src/i18n/format';
import { id } from '../src/i18n/id';

describe('dictionaries', () => {
  it('have the same keys in Bahasa Indonesia and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      expect([key, placeholdersOf(en[key])]).toEqual([key, placeholdersOf(id[key])]);
    }
  });

  it('have no empty messages', () => {
    for (const text of [...Object.values(id), ...Object.values(en)]) expect(text.trim()).not.toBe('');
  });
});

describe('fillTemplate', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(fillTemplate('Sisa {time} ({x})', { time: '2 jam' })).toBe('Sisa 2 jam ({x})');
  });
});
