import { natsMicroserviceOptions } from '@tatalaman/messaging';
import { runService } from '@tatalaman/service-host';
import { SopRegistryModule } from './sop-registry.module';

void runService({
  name: 'sop-registry',
  module: SopRegistryModule,
  configure: (app) => {
    app.connectMicroservice(natsMicroserviceOptions('sop-registry'), { inheritAppConfig: true });
  },
});
