import { type CommandParsed, type CommandResponse, GATEWAY_ERRORS } from '@tatalaman/contracts';
import { CommandController, commandFailure, HandleCommand } from '@tatalaman/messaging';
import { OfficesService } from './offices/offices.service';
import { EffectiveRoles } from './role-bindings/effective-roles';

const officeNotFound = (office: string) =>
  commandFailure(GATEWAY_ERRORS['office-not-found'], {
    message: { id: `Kantor ${office} tidak ditemukan.`, en: `Office ${office} not found.` },
  });

/** The identity queries other services send over NATS (contracts: libs/contracts/src/commands/gateway.ts). */
@CommandController()
export class IdentityCommands {
  constructor(
    private readonly offices: OfficesService,
    private readonly roles: EffectiveRoles,
  ) {}

  @HandleCommand('gateway.office.get')
  async officeGet(req: CommandParsed<'gateway.office.get'>): Promise<CommandResponse<'gateway.office.get'>> {
    const view = await this.offices.contractView(req.office, {
      calendarVersion: req.calendarVersion,
      year: req.year,
    });
    if (!view) throw officeNotFound(req.office);
    return view;
  }

  @HandleCommand('gateway.role-holders.list')
  async roleHolders(
    req: CommandParsed<'gateway.role-holders.list'>,
  ): Promise<CommandResponse<'gateway.role-holders.list'>> {
    const office = await this.offices.find(req.office);
    if (!office) throw officeNotFound(req.office);
    const date = EffectiveRoles.dateIn(office.timeZone, new Date());
    return { holders: await this.roles.holders(req.office, req.roles, date) };
  }
}
