import { Injectable } from '@nestjs/common';

/** The only door to the wall clock: services ask it for `now`, so a module can provide another clock in its place. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
