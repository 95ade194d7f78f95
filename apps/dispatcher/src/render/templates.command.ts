import { Command } from 'commander';
import { templatePreviewCommand } from './template-preview.command';
import { templateValidateCommand } from './template-validate.command';

/** `postventa templates preview|validate`. */
export function templatesCommand(): Command {
  return new Command('templates')
    .description('preview, test-send and validate email templates')
    .addCommand(templatePreviewCommand())
    .addCommand(templateValidateCommand());
}
