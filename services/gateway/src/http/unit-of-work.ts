import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { currentEdge, type EdgeContext, type RequestTransaction } from './context';

let savepoints = 0;
const opened = new WeakMap<EdgeContext, Promise<RequestTransaction>>();

/**
 * The gateway's transactions. In a mutating HTTP request (one with an Idempotency-Key)
 * every `run()` shares the request's transaction, opened on first use; the
 * EdgeInterceptor stores the answer under the Idempotency-Key in that same
 * transaction and commits both, so a change and the record that it was done are never
 * separated. Each `run()` is a savepoint, so a caller may catch its failure and go on.
 * Elsewhere (NATS handlers, the CLI, exempt routes) `run()` is a transaction of its own.
 * Within one request, call `run()` one at a time (not in parallel): they share a connection.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    const edge = currentEdge();
    if (!edge?.idempotencyKey) return this.dataSource.transaction(fn);
    const tx = await this.requestTransaction(edge);
    const name = `uow_${++savepoints}`;
    await tx.manager.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn(tx.manager);
      await tx.manager.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await tx.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  private requestTransaction(edge: EdgeContext): Promise<RequestTransaction> {
    // Cached as a promise so two early callers cannot open two transactions.
    let opening = opened.get(edge);
    if (!opening) {
      opening = (async () => {
        const runner = this.dataSource.createQueryRunner();
        await runner.connect();
        try {
          await runner.startTransaction();
        } catch (e) {
          await runner.release();
          throw e;
        }
        edge.transaction = { runner, manager: runner.manager };
        return edge.transaction;
      })();
      opened.set(edge, opening);
    }
    return opening;
  }
}
