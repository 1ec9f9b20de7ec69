import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, repoRoot } from '@tatalaman/config';
import type { Actor } from '@tatalaman/contracts';
import { OutboxWriter } from '@tatalaman/messaging';
import { parseSopDefinition } from '@tatalaman/sop-language';
import type { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '../identity/auth/passwords';
import { table } from '../db';
import { UnitOfWork } from '../http/unit-of-work';
import { ChangeRecorder } from '../identity/changes';
import type { OfficeKind, OfficeTimeZone } from '../identity/offices/office.entity';
import { OfficesService } from '../identity/offices/offices.service';
import { bindingRows } from '../identity/role-bindings/role-bindings.queries';
import { RoleBindingsService } from '../identity/role-bindings/role-bindings.service';
import { User } from '../identity/users/user.entity';
import { PlatformAdminsService } from '../identity/users/platform-admins.service';
import { membership } from '../identity/users/users.queries';
import { UsersService } from '../identity/users/users.service';

/** The offices of the seed SOP definitions. */
export const DEMO_OFFICES: readonly {
  code: string;
  name: string;
  kind: OfficeKind;
  timeZone: OfficeTimeZone;
}[] = [
  { code: 'kpu-kota-palu', name: 'KPU Kota Palu', kind: 'kpu-kota', timeZone: 'Asia/Makassar' },
  {
    code: 'kpu-prov-jateng',
    name: 'KPU Provinsi Jawa Tengah',
    kind: 'kpu-provinsi',
    timeZone: 'Asia/Jakarta',
  },
  {
    code: 'kpu-kab-bangka-barat',
    name: 'KPU Kabupaten Bangka Barat',
    kind: 'kpu-kabupaten',
    timeZone: 'Asia/Jakarta',
  },
  {
    code: 'kpu-kab-kepulauan-mentawai',
    name: 'KPU Kabupaten Kepulauan Mentawai',
    kind: 'kpu-kabupaten',
    timeZone: 'Asia/Jakarta',
  },
  {
    code: 'diskominfo-kab-ketapang',
    name: 'Diskominfo Kabupaten Ketapang',
    kind: 'other',
    timeZone: 'Asia/Jakarta',
  },
];

export const PLATFORM_ADMIN_EMAIL = 'admin@tatalaman.id';
/** Demo role bindings start here, so they are valid today and look the same on every machine. */
export const DEMO_ROLES_FROM = '2024-01-01';
const SEED_ACTOR: Actor = { kind: 'system', id: 'seed-demo', name: 'Data demo' };

export interface DemoAccount {
  office: string;
  role: string;
  roleName: string;
  email: string;
  name: string;
}

/** The roles of each office's seed definitions (the office is the key's part before the first dot). */
export function demoRoles(
  definitionsDir = join(repoRoot(), 'workflows', 'definitions'),
): Map<string, { code: string; name: string }[]> {
  const byOffice = new Map<string, { code: string; name: string }[]>();
  for (const file of readdirSync(definitionsDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    const parsed = parseSopDefinition(readFileSync(join(definitionsDir, file), 'utf8'), { fileName: file });
    if (!parsed.ok || !parsed.definition) {
      const first = parsed.errors[0];
      throw new Error(
        `${file}: not a valid SOP definition (${first ? `${first.code} at line ${first.line}: ${first.message.en}` : 'unknown'}).`,
      );
    }
    const office = parsed.definition.key.split('.')[0]!;
    const list = byOffice.get(office) ?? [];
    for (const code of parsed.definition.roleOrder) {
      if (!list.some((r) => r.code === code)) list.push({ code, name: parsed.definition.roles[code]!.name });
    }
    byOffice.set(office, list);
  }
  return byOffice;
}

export function demoAccounts(roles = demoRoles()): DemoAccount[] {
  const accounts: DemoAccount[] = [
    {
      office: 'platform',
      role: 'platform-admin',
      roleName: 'Admin platform',
      email: PLATFORM_ADMIN_EMAIL,
      name: 'Admin Platform',
    },
  ];
  for (const office of DEMO_OFFICES) {
    accounts.push({
      office: office.code,
      role: 'office-admin',
      roleName: 'Admin kantor',
      email: `admin@${office.code}.demo.tatalaman.id`,
      name: `Admin ${office.name}`,
    });
    for (const role of roles.get(office.code) ?? []) {
      accounts.push({
        office: office.code,
        role: role.code,
        roleName: role.name,
        email: `${role.code}@${office.code}.demo.tatalaman.id`,
        name: `${role.name} (${office.name})`,
      });
    }
  }
  return accounts;
}

export interface SeedResult {
  accounts: DemoAccount[];
  created: string[];
  password: string;
}

/**
 * The gateway's demo data: the platform admin, the five seed offices, for each an
 * office admin and one person per role of its SOP definition, bound to that role. All
 * with DEMO_PASSWORD. Idempotent: what exists is left as it is (a demo password someone
 * changed is set back, so the printed table stays true); a second run changes nothing.
 */
export async function seedDemo(dataSource: DataSource, config: Config): Promise<SeedResult> {
  const uow = new UnitOfWork(dataSource);
  const changes = new ChangeRecorder(new OutboxWriter());
  const offices = new OfficesService(dataSource, uow, changes);
  const users = new UsersService(dataSource, changes);
  const admins = new PlatformAdminsService(dataSource, uow, changes, users);
  const bindings = new RoleBindingsService(dataSource, uow, changes);
  const password = config.DEMO_PASSWORD;
  let passwordHash: string | undefined;
  const hashed = async () => (passwordHash ??= await hashPassword(password));
  const created: string[] = [];
  const accounts = demoAccounts();
  // Seeded accounts share one hash: verify each distinct hash once.
  const verified = new Map<string, Promise<boolean>>();
  const isDemoPassword = (hash: string) => {
    let v = verified.get(hash);
    if (!v) verified.set(hash, (v = verifyPassword(hash, password)));
    return v;
  };

  const account = async (a: DemoAccount, officeForEvents: string, platformAdmin = false): Promise<User> => {
    const existing = await users.findByEmail(a.email);
    if (existing) {
      if (!(await isDemoPassword(existing.passwordHash))) {
        const hash = await hashed();
        await dataSource.query(
          `UPDATE ${table('users')} SET password_hash = $2, password_changed_at = now() WHERE id = $1`,
          [existing.id, hash],
        );
        created.push(`password ${a.email}`);
      }
      return existing;
    }
    const hash = await hashed();
    const user = await uow.run(async (manager) => {
      const u = await users.insertUser(manager, {
        email: a.email,
        name: a.name,
        passwordHash: hash,
        platformAdmin,
      });
      await users.recordUserCreated(manager, officeForEvents, SEED_ACTOR, u);
      return u;
    });
    created.push(`user ${a.email}`);
    return user;
  };

  const admin = accounts[0]!;
  const adminUser = await account(admin, 'platform', true);
  if (!adminUser.platformAdmin) {
    await admins.grant(SEED_ACTOR, { email: admin.email });
    created.push(`platform admin ${admin.email}`);
  }

  for (const office of DEMO_OFFICES) {
    if (!(await offices.find(office.code))) {
      await offices.create(SEED_ACTOR, {
        code: office.code,
        name: office.name,
        kind: office.kind,
        timeZone: office.timeZone,
      });
      created.push(`office ${office.code}`);
    }
    for (const a of accounts.filter((x) => x.office === office.code)) {
      const user = await account(a, office.code);
      if (!(await membership(dataSource, office.code, user.id))) {
        await uow.run((m) =>
          users.insertMembership(m, office.code, SEED_ACTOR, user.id, a.role === 'office-admin'),
        );
        created.push(`membership ${a.email}`);
      }
      if (a.role === 'office-admin') continue;
      const bound = await bindingRows(dataSource, office.code, { userId: user.id, role: a.role });
      if (!bound.some((b) => !b.revoked_at)) {
        await bindings.create(
          { office: office.code, timeZone: office.timeZone, actor: SEED_ACTOR },
          { userId: user.id, role: a.role, validFrom: DEMO_ROLES_FROM, note: 'Data demo' },
        );
        created.push(`role ${a.role} ${a.email}`);
      }
    }
  }
  return { accounts, created, password };
}

/** The table `npm start` prints: office, role, email, and the one password. */
export function formatAccounts(result: SeedResult): string {
  const rows = result.accounts.map((a) => [a.office, a.role, a.email]);
  const header = ['Kantor / Office', 'Peran / Role', 'Email'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    'Akun demo / Demo accounts',
    `Kata sandi semua akun / Password of every account: ${result.password}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    result.created.length
      ? `Dibuat / created: ${result.created.length} (${result.created.length > 6 ? `${result.created.slice(0, 6).join(', ')}, …` : result.created.join(', ')})`
      : 'Tidak ada perubahan: data demo sudah lengkap / Nothing changed: the demo data was complete.',
  ].join('\n');
}
