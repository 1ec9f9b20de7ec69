import { isolatedNatsPrefix, isolatedTaskQueue, testDatabasePrefix, testRunId } from '../src';

describe('isolation names', () => {
  it('gives every call its own NATS prefix and task queue within one run', () => {
    expect(isolatedNatsPrefix()).not.toBe(isolatedNatsPrefix());
    expect(isolatedTaskQueue()).not.toBe(isolatedTaskQueue());
    expect(isolatedTaskQueue('runtime')).toContain(testRunId());
  });

  it('builds NATS-safe prefixes (letters and digits only)', () => {
    expect(isolatedNatsPrefix('a.b>*')).toMatch(/^[a-z0-9]+$/);
  });

  it('names databases under the run prefix so the runner can drop them', () => {
    expect(testDatabasePrefix('abc')).toBe('tl_test_abc_');
  });
});
