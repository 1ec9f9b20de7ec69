import { STANDARD_CONTENT_TYPES, standardFieldKeys } from '@tatalaman/contracts';
import { STANDARD_FIELDS } from '@tatalaman/sop-language';

// The SOP language checks declared fields of standard types against its own list; content
// accepts the keys of its field schemas. The registry, where the two meet, keeps them equal.
describe('standard content fields', () => {
  it.each(STANDARD_CONTENT_TYPES)('%s: the language knows exactly the fields content accepts', (type) => {
    expect([...(STANDARD_FIELDS[type] ?? [])].sort()).toEqual([...standardFieldKeys(type)].sort());
  });

  it('a custom type has no built-in fields', () => {
    expect(standardFieldKeys('informasi-hukum')).toEqual([]);
    expect(STANDARD_FIELDS['informasi-hukum']).toBeUndefined();
  });
});
