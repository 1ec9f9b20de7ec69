// The reference's complete example must stay valid as the language evolves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSopDefinition } from '../src';
import { REPO_ROOT } from './helpers';

describe('docs/sop-language.md', () => {
  const doc = readFileSync(join(REPO_ROOT, 'docs/sop-language.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('its complete example validates without warnings', () => {
    const complete = blocks.filter((b) => b.includes('key:') && b.includes('flows:'));
    expect(complete.length).toBeGreaterThanOrEqual(1);
    for (const text of complete) {
      const r = parseSopDefinition(text);
      expect(r.errors).toEqual([]);
      expect(r.warnings).toEqual([]);
    }
  });

  it('lists every diagnostic code the validator can produce', () => {
    const sources = ['messages.ts'].map((f) => readFileSync(join(__dirname, '../src', f), 'utf8')).join('\n');
    const codes = [...sources.matchAll(/p\(\s*'([a-z0-9.-]+)'/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(40);
    const missing = [...new Set(codes)].filter((c) => !doc.includes(`\`${c}\``));
    expect(missing).toEqual([]);
  });
});
