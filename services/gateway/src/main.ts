import { runService } from '@tatalaman/service-host';
import { configureGateway } from './app';
import { GatewayModule } from './gateway.module';

void runService({ name: 'gateway', module: GatewayModule.forRoot(), configure: configureGateway });
