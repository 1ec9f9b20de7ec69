import { PLATFORM_OFFICE } from '@tatalaman/contracts';
import { z } from 'zod';
import { apiSchema, dateTime, localDate, officeCode } from '../../http/schemas';
import { bilingual } from '../../http/validation-messages';
import { OFFICE_KINDS, OFFICE_TIME_ZONES } from './office.entity';

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, bilingual('Jam harus HH:MM', 'A time must be HH:MM'));
const clockEnd = z
  .string()
  .regex(
    /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/,
    bilingual('Jam selesai harus HH:MM atau 24:00', 'An end time must be HH:MM or 24:00'),
  );

export const WorkingInterval = apiSchema(
  'WorkingInterval',
  z.object({ start: clock, end: clockEnd }),
  'Local wall-clock interval, start inclusive, end exclusive.',
);

const day = z.array(WorkingInterval).max(8);
export const WorkingHoursSchema = apiSchema(
  'WorkingHours',
  z.object({ '1': day, '2': day, '3': day, '4': day, '5': day, '6': day, '7': day }),
  'Working intervals per ISO weekday (1 = Monday … 7 = Sunday); an empty list is a day off.',
);

const holidayKind = z.enum(['national', 'cuti-bersama', 'office']);
const holidayName = z.string().trim().min(1).max(200);

export const HolidayOverrideSchema = apiSchema(
  'HolidayOverride',
  z.discriminatedUnion('action', [
    z
      .object({ action: z.literal('add'), date: localDate, name: holidayName, kind: holidayKind })
      .describe('Add a day off (a cuti bersama, an office anniversary).'),
    z
      .object({ action: z.literal('remove'), date: localDate, name: holidayName.optional() })
      .describe('Remove the holidays on a date (only the one with this name when given).'),
    z
      .object({
        action: z.literal('move'),
        from: localDate,
        to: localDate,
        name: holidayName.optional(),
        kind: holidayKind.optional(),
      })
      .describe('Move a holiday (the yearly SKB shifting a date).'),
  ]),
  'One edit of the national holiday list, applied in order.',
);

export const ExtraWorkingDaySchema = apiSchema(
  'ExtraWorkingDay',
  z.object({ date: localDate, name: holidayName, hours: z.array(WorkingInterval).max(8).optional() }),
  'A date worked with its own hours (e.g. a Saturday during an election stage); wins over holidays.',
);

export const HolidayView = apiSchema(
  'Holiday',
  z.object({ date: localDate, name: z.string(), kind: holidayKind }),
  'A day off in the office calendar.',
);

const officeKind = z.enum(OFFICE_KINDS);
const timeZone = z
  .enum(OFFICE_TIME_ZONES)
  .describe('WIB = Asia/Jakarta, WITA = Asia/Makassar, WIT = Asia/Jayapura');

export const OfficeView = apiSchema(
  'Office',
  z.object({
    code: z.string(),
    name: z.string(),
    kind: officeKind,
    timeZone,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
  'An office (tenant) of the platform.',
);

export const OfficeList = apiSchema('OfficeList', z.object({ offices: z.array(OfficeView) }), 'Offices.');

export const CreateOfficeBody = apiSchema(
  'CreateOfficeBody',
  z.object({
    code: officeCode.refine(
      (c) => c !== PLATFORM_OFFICE,
      bilingual('Kode "platform" dicadangkan', 'The code "platform" is reserved'),
    ),
    name: z.string().trim().min(1).max(300),
    kind: officeKind,
    timeZone,
    workingHours: WorkingHoursSchema.optional().describe(
      'Default: Monday–Thursday 07:30–16:00, Friday 07:30–16:30.',
    ),
  }),
  'An office to onboard.',
);
export type CreateOfficeBody = z.infer<typeof CreateOfficeBody>;

export const UpdateOfficeBody = apiSchema(
  'UpdateOfficeBody',
  z
    .object({ name: z.string().trim().min(1).max(300), kind: officeKind, timeZone })
    .partial()
    .refine((b) => Object.keys(b).length > 0, bilingual('Tidak ada yang diubah', 'Nothing to change')),
  "Changes to an office's profile (platform admins).",
);
export type UpdateOfficeBody = z.infer<typeof UpdateOfficeBody>;

export const CalendarSettingsBody = apiSchema(
  'CalendarSettingsBody',
  z.object({
    workingHours: WorkingHoursSchema,
    holidayOverrides: z.array(HolidayOverrideSchema).max(500),
    extraWorkingDays: z.array(ExtraWorkingDaySchema).max(500),
  }),
  "The office's working calendar settings: hours, edits of the national holidays, extra working days.",
);
export type CalendarSettingsBody = z.infer<typeof CalendarSettingsBody>;

export const CalendarView = apiSchema(
  'OfficeCalendar',
  z.object({
    office: z.string(),
    timeZone,
    year: z.number().int(),
    workingHours: WorkingHoursSchema,
    holidayOverrides: z.array(HolidayOverrideSchema),
    extraWorkingDays: z.array(ExtraWorkingDaySchema),
    holidays: z.array(HolidayView).describe('National holidays of the year with the overrides applied.'),
  }),
  "The office's calendar settings and the resulting holidays of one year.",
);

export const CalendarQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .describe('Default: the current year in the office.'),
});
export type CalendarQuery = z.infer<typeof CalendarQuery>;
