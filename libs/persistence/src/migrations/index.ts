import { CreateInboxAndCustomers1764000000000 } from './1764000000000-create-inbox-and-customers';

/** Every migration, oldest first. Migrations are history: add new ones, never edit old ones. */
export const migrations = [CreateInboxAndCustomers1764000000000];
