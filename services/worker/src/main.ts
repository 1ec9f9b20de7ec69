import { natsMicroserviceOptions } from '@tatalaman/messaging';
import { runService } from '@tatalaman/service-host';
import { WorkerModule } from './worker.module';

void runService({
  name: 'worker',
  module: WorkerModule,
  configure: (app) => {
    app.connectMicroservice(natsMicroserviceOptions('worker'), { inheritAppConfig: true });
  },
});
