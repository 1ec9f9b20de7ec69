import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type EffectiveRole,
  type PublicationAuthorityView,
  PUBLISHING_ERRORS,
} from '@tatalaman/contracts';
import { CommandClient, type CommandFailure, commandFailure, RemoteError } from '@tatalaman/messaging';

export interface AuthorityRequest {
  office: string;
  actor: Actor;
  officeAdmin?: boolean;
  roles?: EffectiveRole[];
}

/**
 * Nothing reaches or leaves the public site except through the office's SOP or its admin.
 * A correction or retraction may be made by an office admin (platform admins are one in
 * every office), or by a person who holds a role of a `publish` step in the item flow of
 * the office's **active** SOP for the item's content type (`sop-registry.definition.resolve`)
 * — the role the SOP makes responsible for putting it on the site. API keys never may; a
 * member without such a role may not. Without an active SOP for the type only office
 * admins may.
 */
@Injectable()
export class PublicationAuthorities {
  constructor(private readonly commands: CommandClient) {}

  async check(req: AuthorityRequest, contentType: string): Promise<PublicationAuthorityView> {
    if (req.actor.kind === 'api-key')
      throw refused(
        'Kunci API tidak dapat meralat atau menarik publikasi; tindakan ini dilakukan oleh pemegang peran langkah terbit dalam SOP kantor atau admin kantor.',
        "An API key cannot correct or retract a publication; that is for the holders of the publish step's role in the office's SOP or an office admin.",
      );
    if (req.officeAdmin) return { as: 'office-admin' };
    const responsible = await this.publishRoles(req.office, contentType);
    const held = (req.roles ?? []).filter((r) => responsible.has(r.role));
    // Their own binding wins over a delegation, so the record names the right person.
    const chosen = held.find((r) => !r.onBehalfOf) ?? held[0];
    if (chosen)
      return {
        as: 'role',
        role: chosen.role,
        roleName: responsible.get(chosen.role)!,
        ...(chosen.onBehalfOf ? { onBehalfOf: chosen.onBehalfOf } : {}),
      };
    const names = [...responsible.values()];
    throw refused(
      names.length
        ? `Ralat dan penarikan publikasi hanya dapat dilakukan oleh pemegang peran ${names.join(', ')} (langkah terbit dalam SOP kantor) atau admin kantor.`
        : 'Belum ada SOP aktif untuk jenis konten ini; ralat dan penarikan publikasi hanya dapat dilakukan oleh admin kantor.',
      names.length
        ? `Only holders of ${names.join(', ')} (the publish step in the office's SOP) or an office admin may correct or retract a publication.`
        : 'No SOP is active for this content type; only an office admin may correct or retract a publication.',
      { roles: [...responsible.keys()] },
    );
  }

  /** Role code → name of every `publish` step's actors in the item flow of the active SOP. */
  private async publishRoles(office: string, contentType: string): Promise<Map<string, string>> {
    let compiled;
    try {
      ({ compiled } = await this.commands.send('sop-registry.definition.resolve', { office, contentType }));
    } catch (e) {
      if (e instanceof RemoteError && e.status === 404) return new Map();
      throw e;
    }
    const out = new Map<string, string>();
    for (const flow of Object.values(compiled.flows)) {
      if (flow.trigger !== 'item') continue;
      for (const step of Object.values(flow.steps))
        if (step.kind === 'publish')
          for (const role of step.actors) out.set(role, compiled.roles[role]?.name ?? role);
    }
    return out;
  }
}

function refused(id: string, en: string, detail?: unknown): CommandFailure {
  return commandFailure(PUBLISHING_ERRORS['not-publisher'], { message: { id, en }, detail });
}
