import { Inject, Logger } from '@nestjs/common';
import { type CommandParsed, type CommandResponse } from '@tatalaman/contracts';
import { CommandController, HandleCommand, JETSTREAM, JETSTREAM_MANAGER } from '@tatalaman/messaging';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { fail } from '../common/failures';
import { OfficeDirectory } from '../offices/office-directory';
import { RebuildRunning, Rebuilder, rebuildStatus } from './rebuilder';

/** Rebuilding the projections from the streams (platform admins), and its progress. */
@CommandController()
export class ProjectionsCommands {
  private readonly logger = new Logger('Rebuild');

  constructor(
    private readonly ds: DataSource,
    private readonly directory: OfficeDirectory,
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
  ) {}

  @HandleCommand('reporting.projections.rebuild')
  async rebuild(
    request: CommandParsed<'reporting.projections.rebuild'>,
  ): Promise<CommandResponse<'reporting.projections.rebuild'>> {
    if (!request.platformAdmin) throw fail.platformAdminOnly();
    const rebuilder = new Rebuilder({
      ds: this.ds,
      js: this.js,
      jsm: this.jsm,
      directory: this.directory,
      log: (m) => this.logger.log(m),
    });
    try {
      // Runs in the background; progress through reporting.projections.status.
      const { status, done } = await rebuilder.start(request.actor.id);
      void done;
      return status;
    } catch (error) {
      if (error instanceof RebuildRunning) throw fail.rebuildRunning();
      throw error;
    }
  }

  @HandleCommand('reporting.projections.status')
  async status(
    request: CommandParsed<'reporting.projections.status'>,
  ): Promise<CommandResponse<'reporting.projections.status'>> {
    if (!request.platformAdmin) throw fail.platformAdminOnly();
    const rebuild = await rebuildStatus(this.ds);
    return rebuild ? { rebuild } : {};
  }
}
