import { admin, definitionYaml, failure, key, platformAdmin, RegistryHarness } from './harness';

const h = new RegistryHarness();
beforeAll(() => h.start(), 60_000);
afterAll(() => h.stop());

const A = 'kpu-kab-a';
const B = 'kpu-kab-b';

describe('upload', () => {
  it('stores a valid definition once; identical text again is idempotent', async () => {
    const source = definitionYaml(A, 1);
    const first = await h.client.send('sop-registry.definition.upload', {
      ...admin(A),
      idempotencyKey: key(),
      source,
    });
    expect(first.created).toBe(true);
    expect(first.definition).toMatchObject({
      key: `${A}.contoh`,
      version: 1,
      scope: 'office',
      owner: A,
      sourceFormat: 'yaml',
      activeFor: [],
    });
    expect(first.definition.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(first.definition.flows).toEqual([
      { id: 'item', title: expect.any(String), trigger: 'item', steps: 3 },
    ]);

    const again = await h.client.send('sop-registry.definition.upload', {
      ...admin(A),
      idempotencyKey: key(),
      source,
    });
    expect(again.created).toBe(false);
    expect(again.definition.checksum).toBe(first.definition.checksum);
    const uploaded = (await h.outbox('registry.definition-uploaded')).filter(
      (e) => e.data.definitionKey === `${A}.contoh`,
    );
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]).toMatchObject({ office: A, data: { version: 1, scope: 'office' } });
    const audit = (await h.outbox('audit.change-recorded')).find((e) => e.data.entityId === `${A}.contoh@1`);
    expect(audit).toMatchObject({
      office: A,
      actor: { id: `admin-${A}` },
      data: { service: 'sop-registry', entity: 'definition', action: 'upload' },
    });
    expect(audit!.data.changes).toContainEqual({ field: 'version', old: null, new: 1 });
  });

  it('refuses a different text under a published key and version (409), and the row cannot be changed in SQL', async () => {
    const err = await failure(
      h.client.send('sop-registry.definition.upload', {
        ...admin(A),
        idempotencyKey: key(),
        source: definitionYaml(A, 1, { reviewTime: '45 menit' }),
      }),
    );
    expect(err).toMatchObject({ status: 409, code: 'version-exists' });
    expect(err.messages.id).toMatch(/tidak dapat diubah/);
    expect(err.detail).toMatchObject({ key: `${A}.contoh`, version: 1 });
    await expect(
      h.ds.query(`UPDATE registry.definitions SET title = 'x' WHERE key = $1`, [`${A}.contoh`]),
    ).rejects.toThrow(/immutable/);
  });

  it('returns the validator diagnostics with path, line and column (422)', async () => {
    const source = definitionYaml(A, 5).replace(
      '        actors: redaktur\n        time: 30',
      '        actors: editor\n        time: 30',
    );
    const err = await failure(
      h.client.send('sop-registry.definition.upload', { ...admin(A), idempotencyKey: key(), source }),
    );
    expect(err).toMatchObject({ status: 422, code: 'definition-invalid' });
    const { errors } = err.detail as {
      errors: { code: string; path: string; line: number; column: number }[];
    };
    const line = source.split('\n').findIndex((l) => l.includes('actors: editor')) + 1;
    expect(errors).toContainEqual(
      expect.objectContaining({
        code: 'role.unknown',
        path: 'flows.item.steps[1].actors',
        line,
        column: 17,
        message: { id: expect.stringContaining('editor'), en: expect.stringContaining('editor') },
      }),
    );
  });

  it('reports a YAML syntax error at its position', async () => {
    const err = await failure(
      h.client.send('sop-registry.definition.upload', {
        ...admin(A),
        idempotencyKey: key(),
        source: 'key: a.b\nversion: 1\nroles: [\n',
      }),
    );
    expect(err.status).toBe(422);
    const [first] = (err.detail as { errors: { code: string; line: number; column: number }[] }).errors;
    expect(first).toMatchObject({
      code: 'yaml.syntax',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(first!.line).toBeGreaterThanOrEqual(3);
  });

  it('needs an office admin, and a platform admin for platform definitions; role codes grant nothing', async () => {
    const staff = { ...admin(A), officeAdmin: false, roles: [{ role: 'penulis' }] };
    // An SOP role is any slug an office admin binds: one named like an admin grants nothing.
    for (const roles of [[{ role: 'office-admin' }], [{ role: 'platform-admin' }]]) {
      expect(
        await failure(
          h.client.send('sop-registry.definition.upload', {
            ...staff,
            roles,
            idempotencyKey: key(),
            source: definitionYaml(A, 9),
          }),
        ),
      ).toMatchObject({ status: 403, code: 'not-allowed' });
    }
    expect(
      await failure(
        h.client.send('sop-registry.definition.upload', {
          ...admin(A),
          roles: [{ role: 'platform-admin' }],
          idempotencyKey: key(),
          source: definitionYaml('platform-y', 1),
          scope: 'platform',
        }),
      ),
    ).toMatchObject({ status: 403, code: 'not-allowed' });
    expect(
      await failure(
        h.client.send('sop-registry.definition.upload', {
          ...staff,
          idempotencyKey: key(),
          source: definitionYaml(A, 9),
        }),
      ),
    ).toMatchObject({ status: 403, code: 'not-allowed' });
    expect(
      await failure(
        h.client.send('sop-registry.definition.upload', {
          ...admin(A),
          idempotencyKey: key(),
          source: definitionYaml('platform-x', 1),
          scope: 'platform',
        }),
      ),
    ).toMatchObject({ status: 403, code: 'not-allowed' });
  });

  it('replays a retried upload and refuses the key with another request', async () => {
    const k = key();
    const source = definitionYaml(A, 2);
    const first = await h.client.send('sop-registry.definition.upload', {
      ...admin(A),
      idempotencyKey: k,
      source,
    });
    const retried = await h.client.send('sop-registry.definition.upload', {
      ...admin(A),
      idempotencyKey: k,
      source,
    });
    expect(retried).toEqual(first);
    expect(first.created).toBe(true);
    const misuse = await failure(
      h.client.send('sop-registry.definition.upload', {
        ...admin(A),
        idempotencyKey: k,
        source: definitionYaml(A, 3),
      }),
    );
    expect(misuse).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
  });
});

describe('versions, diff and renderings', () => {
  const k = `${B}.contoh`;
  beforeAll(async () => {
    await h.client.send('sop-registry.definition.upload', {
      ...admin(B),
      idempotencyKey: key(),
      source: definitionYaml(B, 1),
    });
    await h.client.send('sop-registry.definition.upload', {
      ...admin(B),
      idempotencyKey: key(),
      source: definitionYaml(B, 2, { reviewTime: '2 jam', extraRole: true }),
    });
  });

  it('lists the versions of a key, newest first, and the latest of each key', async () => {
    const { versions } = await h.client.send('sop-registry.definition.versions', { office: B, key: k });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    const list = await h.client.send('sop-registry.definition.list', { office: B, scope: 'office' });
    expect(list.definitions).toEqual([expect.objectContaining({ key: k, version: 2, versions: [2, 1] })]);
  });

  it('gets a version with its source and compiled form; without a version, the latest', async () => {
    const v1 = await h.client.send('sop-registry.definition.get', { office: B, key: k, version: 1 });
    expect(v1.source).toBe(definitionYaml(B, 1));
    expect(v1.compiled).toMatchObject({ key: k, version: 1, format: 'tatalaman.sop/1' });
    const latest = await h.client.send('sop-registry.definition.get', { office: B, key: k });
    expect(latest.version).toBe(2);
  });

  it('diffs two versions: structural changes and a unified text diff', async () => {
    const diff = await h.client.send('sop-registry.definition.diff', { office: B, key: k, from: 1, to: 2 });
    expect(diff.changes).toContainEqual({ change: 'added', entity: 'role', id: 'sekretaris' });
    const step = diff.changes.find((c) => c.entity === 'step' && c.id === 'item/periksa');
    expect(step).toMatchObject({ change: 'changed' });
    expect(step!.fields!.map((f) => f.field)).toContain('time');
    expect(diff.changes.find((c) => c.entity === 'definition')?.fields?.map((f) => f.field)).toEqual([
      'roleOrder',
    ]);
    expect(diff.text.unified).toContain(`--- ${k}@1\n+++ ${k}@2\n`);
    expect(diff.text.unified).toContain('-        time: 30 menit');
    expect(diff.text.unified).toContain('+        time: 2 jam');
    expect(diff.text).toMatchObject({ added: 4, removed: 2 });
    const reverse = await h.client.send('sop-registry.definition.diff', {
      office: B,
      key: k,
      from: 2,
      to: 1,
    });
    expect(reverse.changes).toContainEqual({ change: 'removed', entity: 'role', id: 'sekretaris' });
  });

  it('renders the chart as SVG and the sheet as HTML, in either language', async () => {
    const svg = await h.client.send('sop-registry.definition.diagram', { office: B, key: k, version: 2 });
    expect(svg.mediaType).toBe('image/svg+xml');
    expect(svg.body).toMatch(/^<svg[\s\S]*Memeriksa draf[\s\S]*<\/svg>\s*$/);
    const html = await h.client.send('sop-registry.definition.sheet', {
      office: B,
      key: k,
      version: 1,
      lang: 'en',
    });
    expect(html).toMatchObject({ mediaType: 'text/html', fileName: `${k}-v1.en.html` });
    expect(html.body).toMatch(/<html[\s\S]*Pengelolaan Berita Contoh/);
  });
});

describe('tenancy', () => {
  it("refuses another office's definitions as not found, everywhere", async () => {
    const k = `${A}.contoh`;
    const reads = [
      h.client.send('sop-registry.definition.get', { office: B, key: k, version: 1 }),
      h.client.send('sop-registry.definition.versions', { office: B, key: k }),
      h.client.send('sop-registry.definition.diff', { office: B, key: k, from: 1, to: 2 }),
      h.client.send('sop-registry.definition.diagram', { office: B, key: k, version: 1 }),
      h.client.send('sop-registry.definition.sheet', { office: B, key: k, version: 1 }),
      h.client.send('sop-registry.activation.activate', {
        ...admin(B),
        idempotencyKey: key(),
        key: k,
        version: 1,
        contentTypes: ['berita'],
      }),
    ];
    for (const r of reads)
      expect(await failure(r)).toMatchObject({ status: 404, code: 'definition-not-found' });
    const list = await h.client.send('sop-registry.definition.list', { office: B });
    expect(list.definitions.map((d) => d.key)).not.toContain(k);
  });

  it('shows platform definitions to every office, but only platform admins upload them', async () => {
    const source = definitionYaml('platform-contoh', 1);
    const up = await h.client.send('sop-registry.definition.upload', {
      ...platformAdmin(A),
      idempotencyKey: key(),
      source,
      scope: 'platform',
    });
    expect(up.definition).toMatchObject({ scope: 'platform', owner: 'platform' });
    const seenByB = await h.client.send('sop-registry.definition.get', {
      office: B,
      key: 'platform-contoh.contoh',
      version: 1,
    });
    expect(seenByB.owner).toBe('platform');
    // An office cannot publish its own text under a platform key and version.
    const clash = await failure(
      h.client.send('sop-registry.definition.upload', {
        ...admin(B),
        idempotencyKey: key(),
        source: source.replace('30 menit', '40 menit'),
      }),
    );
    expect(clash.code).toBe('version-exists');
    const [event] = (await h.outbox('registry.definition-uploaded')).filter(
      (e) => e.data.definitionKey === 'platform-contoh.contoh',
    );
    expect(event).toMatchObject({ office: 'platform', data: { scope: 'platform' } });
  });

  it('validates requests: malformed fields are 400', async () => {
    const err = await failure(
      h.client.send('sop-registry.definition.get', { office: 'Not An Office', key: 'x', version: 1 }),
    );
    expect(err).toMatchObject({ status: 400, code: 'invalid-request' });
  });
});
