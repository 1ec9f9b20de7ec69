import { type TestGateway, call, expectStatus, insertPlatformAdmin, login, PASSWORD } from './harness';

export interface Person {
  id: string;
  email: string;
  token: string;
}

export interface World {
  root: Person;
  /** Two offices with an admin, a member with a role, and a member without. */
  a: { office: string; admin: Person; staff: Person; other: Person };
  b: { office: string; admin: Person; staff: Person; other: Person };
}

async function office(gw: TestGateway, root: Person, code: string, timeZone = 'Asia/Jakarta') {
  expectStatus(
    await call(gw, 'POST', '/api/v1/offices', {
      token: root.token,
      body: { code, name: `Kantor ${code}`, kind: 'kpu-kabupaten', timeZone },
    }),
    201,
  );
  const person = async (local: string, officeAdmin = false): Promise<Person> => {
    const email = `${local}@${code}.test`;
    const res = await call(gw, 'POST', `/api/v1/offices/${code}/users`, {
      token: root.token,
      body: { email, name: `${local} ${code}`, password: PASSWORD, officeAdmin },
    });
    expectStatus(res, 201);
    const { token } = await login(gw, email);
    return { id: res.body.id, email, token };
  };
  const admin = await person('admin', true);
  const staff = await person('staf');
  const other = await person('lain');
  expectStatus(
    await call(gw, 'POST', `/api/v1/offices/${code}/role-bindings`, {
      token: admin.token,
      body: { userId: staff.id, role: 'kabag', validFrom: '2020-01-01' },
    }),
    201,
  );
  return { office: code, admin, staff, other };
}

/** The usual cast: a platform admin and two offices. */
export async function buildWorld(
  gw: TestGateway,
  codes: [string, string] = ['kantor-a', 'kantor-b'],
): Promise<World> {
  const rootId = await insertPlatformAdmin(gw.dataSource);
  const { token } = await login(gw, 'root@tatalaman.test');
  const root = { id: rootId, email: 'root@tatalaman.test', token };
  return { root, a: await office(gw, root, codes[0]), b: await office(gw, root, codes[1], 'Asia/Makassar') };
}
