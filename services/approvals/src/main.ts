import { natsMicroserviceOptions } from '@tatalaman/messaging';
import { runService } from '@tatalaman/service-host';
import { ApprovalsModule } from './approvals.module';

void runService({
  name: 'approvals',
  module: ApprovalsModule.register(),
  configure: (app) => {
    app.connectMicroservice(natsMicroserviceOptions('approvals'), { inheritAppConfig: true });
  },
});
