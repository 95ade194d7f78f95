import { runApps } from '@postventa/platform';
import { engineApp } from './engine.module';

void runApps([engineApp]);
