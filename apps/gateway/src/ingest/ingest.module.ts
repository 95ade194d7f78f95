import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';
import { RawBodyMiddleware } from './raw-body.middleware';

@Module({
  controllers: [IngestController],
  providers: [IngestService],
})
export class IngestModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RawBodyMiddleware).forRoutes({ path: 'v1/events', method: RequestMethod.POST });
  }
}
