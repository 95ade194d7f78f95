import { runApps } from '@postventa/platform';
import { gatewayApp } from './gateway.module';

void runApps([gatewayApp]);
