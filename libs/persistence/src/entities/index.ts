import { CustomerEntity } from './customer.entity';
import { InboxEventEntity } from './inbox-event.entity';

export { CustomerEntity, InboxEventEntity };
export const entities = [CustomerEntity, InboxEventEntity];
