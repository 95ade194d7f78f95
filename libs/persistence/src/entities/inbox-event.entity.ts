import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'inbox_events' })
export class InboxEventEntity {
  @PrimaryColumn('text', { name: 'event_id' }) eventId: string;
  @Column('text') type: string;
  @Column('text') source: string;
  @Column('text', { name: 'customer_id' }) customerId: string;
  @Column('timestamptz', { name: 'event_time' }) eventTime: Date;
  @Column('timestamptz', { name: 'received_at' }) receivedAt: Date;
  @Column('text', { nullable: true }) topic: string | null;
  @Column('integer', { nullable: true }) partition: number | null;
  @Column('bigint', { nullable: true }) offset: string | null;
  @Column('jsonb') envelope: Record<string, unknown>;
  @Column('timestamptz', { name: 'processed_at', nullable: true }) processedAt: Date | null;
}
