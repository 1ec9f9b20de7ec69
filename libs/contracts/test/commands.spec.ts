import { z } from 'zod';
import {
  COMMON_ERRORS,
  composeErrors,
  defineCommand,
  defineErrors,
  errorsOf,
  IDEMPOTENCY_KEY_MAX,
  mutationFields,
  registerCommands,
  roleCodesOf,
  workerFlowStart,
} from '../src';

const ERRORS = defineErrors('content', {
  'item-not-found': { status: 404, title: { id: 'Konten tidak ditemukan', en: 'Content item not found' } },
});

const rename = defineCommand('content.item.rename', {
  description: 'Renames an item.',
  request: z.object({ ...mutationFields, itemId: z.uuid(), title: z.string().trim().min(1).max(10) }),
  response: z.object({ itemId: z.uuid(), title: z.string() }),
  errors: [ERRORS['item-not-found']],
});

const valid = {
  office: 'kpu-kota-bogor',
  actor: { kind: 'user', id: 'u-1' },
  roles: [{ role: 'admin-web' }],
  idempotencyKey: 'k'.repeat(255) + ':publish',
  itemId: '0b9f2f7e-8c1a-4f53-9a35-5a3f0e0b2a11',
  title: '  Judul ',
};

describe('defineCommand', () => {
  it('parses a request with the shared caller envelope and the command fields', () => {
    expect(rename.parse(valid)).toMatchObject({ title: 'Judul', office: 'kpu-kota-bogor' });
    expect(rename.service).toBe('content');
  });

  it('accepts every key the edge accepts, suffixed, and refuses longer ones', () => {
    expect(IDEMPOTENCY_KEY_MAX).toBeGreaterThan(255);
    expect(() => rename.parse({ ...valid, idempotencyKey: 'k'.repeat(IDEMPOTENCY_KEY_MAX + 1) })).toThrow(
      z.ZodError,
    );
  });

  it('refuses a NUL or a lone surrogate anywhere, also where the schema takes any JSON', () => {
    expect(() => rename.parse({ ...valid, title: 'a\u0000b' })).toThrow(/text-nul/);
    expect(() => rename.parse({ ...valid, extra: { ['\ud800']: 1 } })).toThrow(/text-lone-surrogate/);
  });

  it("refuses a field that breaks the contract's limits", () => {
    expect(() => rename.parse({ ...valid, title: 'x'.repeat(11) })).toThrow(z.ZodError);
    expect(() => rename.parse({ ...valid, office: 'Not A Slug' })).toThrow(z.ZodError);
  });

  it("lists its own errors and the common ones, and refuses another service's", () => {
    const codes = errorsOf(rename).map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['item-not-found', 'invalid-request', 'timeout']));
    const other = defineErrors('approvals', {
      'task-not-found': { status: 404, title: { id: 'a', en: 'b' } },
    });
    expect(() =>
      defineCommand('content.item.x', {
        description: 'x',
        request: z.object({}),
        response: z.object({}),
        errors: [other['task-not-found']],
      }),
    ).toThrow(/own service/);
  });

  it('refuses an unknown service and a command defined twice', () => {
    expect(() =>
      defineCommand('nope.x' as 'content.x', {
        description: 'x',
        request: z.object({}),
        response: z.object({}),
      }),
    ).toThrow(/known service/);
    expect(() => registerCommands(rename, rename)).toThrow(/twice/);
  });
});

describe('error catalogues', () => {
  it('refuses codes that are not kebab-case and statuses that are not errors', () => {
    expect(() =>
      defineErrors('content', { NotFound: { status: 404, title: { id: 'a', en: 'b' } } }),
    ).toThrow();
    expect(() => defineErrors('content', { fine: { status: 200, title: { id: 'a', en: 'b' } } })).toThrow();
  });

  it('composes catalogues and refuses one code with two statuses', () => {
    const all = composeErrors(COMMON_ERRORS, ERRORS);
    expect(all['item-not-found']?.status).toBe(404);
    const clash = defineErrors('publishing', {
      'item-not-found': { status: 410, title: { id: 'a', en: 'b' } },
    });
    expect(() => composeErrors(ERRORS, clash)).toThrow(/item-not-found/);
  });
});

it('roleCodesOf lists each role once', () => {
  expect(roleCodesOf({ roles: [{ role: 'a' }, { role: 'b' }, { role: 'a' }] })).toEqual(['a', 'b']);
  expect(roleCodesOf({})).toEqual([]);
});

describe('numbers the database keeps as integer', () => {
  it('refuses a definition version beyond 2,147,483,647 before it reaches Postgres (API fuzz finding)', () => {
    const request = {
      office: 'kpu-kota-bogor',
      startedBy: { kind: 'user', id: 'u-1' },
      idempotencyKey: 'k-1',
      flowId: 'pengembangan-website',
      definition: { key: 'diskominfo-kab-ketapang.pengelolaan-website', version: 1252723374686209 },
    };
    const refused = workerFlowStart.request.safeParse(request);
    expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['definition.version']);
    expect(() =>
      workerFlowStart.parse({ ...request, definition: { ...request.definition, version: 2_147_483_647 } }),
    ).not.toThrow();
  });
});
