import { type CommandRequest, type CommandResponse, isOfficeSlug } from '@tatalaman/contracts';
import { CommandController, CommandFailure, HandleCommand } from '@tatalaman/messaging';
import { OfficesService } from '../offices/offices.service';
import { EffectiveRoles } from '../role-bindings/effective-roles';

const officeNotFound = (office: string) =>
  new CommandFailure(404, 'office-not-found', {
    id: `Kantor ${office} tidak ditemukan.`,
    en: `Office ${office} not found.`,
  });

/** The identity queries other services send over NATS (contracts: libs/contracts/src/commands/gateway.ts). */
@CommandController()
export class IdentityCommands {
  constructor(
    private readonly offices: OfficesService,
    private readonly roles: EffectiveRoles,
  ) {}

  @HandleCommand('gateway.office.get')
  async officeGet(req: CommandRequest<'gateway.office.get'>): Promise<CommandResponse<'gateway.office.get'>> {
    if (!isOfficeSlug(req?.office)) throw officeNotFound(String(req?.office));
    const whole = (v: unknown, min: number, max: number) =>
      v === undefined || (Number.isInteger(v) && (v as number) >= min && (v as number) <= max);
    if (!whole(req.calendarVersion, 1, 1_000_000) || !whole(req.year, 2000, 2100)) {
      throw new CommandFailure(400, 'invalid-request', {
        id: 'calendarVersion harus bilangan bulat positif dan year antara 2000 dan 2100.',
        en: 'calendarVersion must be a positive whole number and year between 2000 and 2100.',
      });
    }
    const view = await this.offices.contractView(req.office, {
      calendarVersion: req.calendarVersion,
      year: req.year,
    });
    if (!view) throw officeNotFound(req.office);
    return view;
  }

  @HandleCommand('gateway.role-holders.list')
  async roleHolders(
    req: CommandRequest<'gateway.role-holders.list'>,
  ): Promise<CommandResponse<'gateway.role-holders.list'>> {
    if (!isOfficeSlug(req?.office)) throw officeNotFound(String(req?.office));
    if (!Array.isArray(req.roles) || req.roles.some((r) => typeof r !== 'string')) {
      throw new CommandFailure(400, 'invalid-request', {
        id: 'roles harus berupa daftar kode peran.',
        en: 'roles must be a list of role codes.',
      });
    }
    const office = await this.offices.find(req.office);
    if (!office) throw officeNotFound(req.office);
    const date = EffectiveRoles.dateIn(office.timeZone, new Date());
    return { holders: await this.roles.holders(req.office, req.roles, date) };
  }
}
