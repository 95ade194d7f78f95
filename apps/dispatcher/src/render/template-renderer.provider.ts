import { Provider } from '@nestjs/common';
import { FileTemplateSource, TemplateRenderer } from '@postventa/templates';
import { AppConfig } from '@postventa/platform';
import { resolve } from 'node:path';
import { TEMPLATE_RENDERER } from './email-composer';

/** The templates of TEMPLATES_DIR, loaded once (compiled templates are cached). */
export const templateRendererProvider: Provider = {
  provide: TEMPLATE_RENDERER,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => new TemplateRenderer(new FileTemplateSource(resolve(config.get('TEMPLATES_DIR')))),
};
