import { natsMicroserviceOptions } from '@tatalaman/messaging';
import { runService } from '@tatalaman/service-host';
import { ReportingModule } from './reporting.module';

void runService({
  name: 'reporting',
  module: ReportingModule.register(),
  configure: (app) => {
    app.connectMicroservice(natsMicroserviceOptions('reporting'), { inheritAppConfig: true });
  },
});
