import { runApps } from '@postventa/platform';
import { dispatcherApp } from './dispatcher.module';

void runApps([dispatcherApp]);
