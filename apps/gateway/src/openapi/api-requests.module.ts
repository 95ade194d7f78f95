import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { RequestBodyInterceptor } from './request-body.interceptor';
import { RequestValidationPipe } from './request-validation.pipe';

/**
 * How the gateway reads requests, for every route: bodies read after the guards by Express's
 * parsers (`RequestBodyInterceptor`), zod DTOs validated (`RequestValidationPipe`). Each module with
 * controllers imports it, so it applies wherever the module is composed (the gateway, a test app).
 */
@Module({
  providers: [
    { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
    { provide: APP_PIPE, useValue: new RequestValidationPipe() },
  ],
})
export class ApiRequestsModule {}
