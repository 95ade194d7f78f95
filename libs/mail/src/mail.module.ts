import { Module } from '@nestjs/common';
import { MailerService } from './mailer.service';

/** One pooled SMTP transport per process, shared by customer emails and alert notifications. */
@Module({
  providers: [MailerService],
  exports: [MailerService],
})
export class MailModule {}
