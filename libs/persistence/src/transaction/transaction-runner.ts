import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * What repositories run their statements on: a transaction from `TransactionRunner.run`, or
 * `TransactionRunner.db` outside one. Services pass it along and never look inside, so only
 * repositories (and this library) import typeorm.
 */
export type Tx = EntityManager;

/** The one way services open a database transaction. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Outside a transaction: each statement commits on its own. */
  get db(): Tx {
    return this.dataSource.manager;
  }

  /** Whether the connection pool is up (false before start-up and after shutdown). */
  get connected(): boolean {
    return this.dataSource.isInitialized;
  }
}
