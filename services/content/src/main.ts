import { natsMicroserviceOptions } from '@tatalaman/messaging';
import { runService } from '@tatalaman/service-host';
import { ContentModule } from './content.module';

void runService({
  name: 'content',
  module: ContentModule,
  configure: (app) => {
    app.connectMicroservice(natsMicroserviceOptions('content'), { inheritAppConfig: true });
  },
});
