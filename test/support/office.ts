import type { ApiClient } from '@tatalaman/api-client';
import { as, demoEmail, idempotencyKey, officeAdminEmail, ok, platformAdminEmail } from './api';
import { platformInfo } from './platform-info';

// A fresh office of its own for one end-to-end test, made through the API the way a platform
// admin and an office admin would: the office, its admin, one person per role (demo e-mail,
// demo password), optionally its working hours, and one SOP definition activated for its
// content types.

const header = () => ({ 'Idempotency-Key': idempotencyKey() });

/** Every hour of every day is working time: a holiday is then the only time that is not. */
export const ALL_DAY = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
);

export interface TestOffice {
  code: string;
  name: string;
  timeZone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  /** Role codes; each gets one person, `demoEmail(code, role)`. */
  roles: string[];
  definition: { source: string; fileName: string; contentTypes: string[] };
  /** Working hours per ISO weekday; the office default when absent. */
  workingHours?: Record<string, { start: string; end: string }[]>;
}

/** Sets the office up and returns its admin's client. */
export async function setUpTestOffice(o: TestOffice): Promise<ApiClient> {
  const root = await as(platformAdminEmail);
  const office = o.code;
  ok(
    await root.POST('/api/v1/offices', {
      params: { header: header() },
      body: { code: office, name: o.name, kind: 'kpu-kabupaten', timeZone: o.timeZone },
    }),
  );
  const password = platformInfo().demoPassword;
  ok(
    await root.POST('/api/v1/offices/{office}/users', {
      params: { path: { office }, header: header() },
      body: { email: officeAdminEmail(office), name: `Admin ${o.name}`, password, officeAdmin: true },
    }),
  );
  const admin = await as(officeAdminEmail(office));
  for (const role of o.roles) {
    const person = ok(
      await root.POST('/api/v1/offices/{office}/users', {
        params: { path: { office }, header: header() },
        body: { email: demoEmail(office, role), name: `${role} uji`, password, officeAdmin: false },
      }),
    );
    ok(
      await admin.POST('/api/v1/offices/{office}/role-bindings', {
        params: { path: { office }, header: header() },
        body: { userId: person.id, role },
      }),
    );
  }
  if (o.workingHours) {
    ok(
      await admin.PUT('/api/v1/offices/{office}/calendar', {
        params: { path: { office }, header: header() },
        body: { workingHours: o.workingHours as never, holidayOverrides: [], extraWorkingDays: [] },
      }),
    );
  }
  const uploaded = ok(
    await admin.POST('/api/v1/offices/{office}/sop-definitions', {
      params: { path: { office }, header: header() },
      body: { source: o.definition.source, fileName: o.definition.fileName },
    }),
  );
  ok(
    await admin.POST('/api/v1/offices/{office}/sop-activations', {
      params: { path: { office }, header: header() },
      body: {
        key: uploaded.definition.key,
        version: uploaded.definition.version,
        contentTypes: o.definition.contentTypes,
      },
    }),
  );
  return admin;
}
