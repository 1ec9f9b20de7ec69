import { natsMicroserviceOptions } from '@tatalaman/messaging';
import { runService } from '@tatalaman/service-host';
import { mountPublicSite, PublishingModule } from './publishing.module';

void runService({
  name: 'publishing',
  module: PublishingModule.forRoot(),
  configure: (app) => {
    app.connectMicroservice(natsMicroserviceOptions('publishing'), { inheritAppConfig: true });
    mountPublicSite(app);
  },
});
