// Wraps a Kysely dialect so every driver failure leaves the storage port as an AppError. Repositories then
// catch one error type on both stores, and `isUniqueViolation` works without importing a driver.
import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { storageError } from './storage.js';

/** Tells whether a raw driver error is a unique/primary-key violation. Supplied by each adapter. */
export type UniqueViolationTest = (e: unknown) => boolean;

export class ErrorMappingDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly isUnique: UniqueViolationTest,
  ) {}
  createDriver(): Driver {
    return new ErrorMappingDriver(this.inner.createDriver(), this.isUnique);
  }
  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return this.inner.createAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}

class MappedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly map: (e: unknown) => Error,
  ) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(q);
    } catch (e) {
      throw this.map(e);
    }
  }
  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(q, chunkSize);
    } catch (e) {
      throw this.map(e);
    }
  }
}

const unsupported = (what: string): Error => new Error(`the storage driver does not support ${what}`);

// The inner driver must always receive its own connection object (the pg driver calls private methods on it),
// so every method unwraps before delegating.
class ErrorMappingDriver implements Driver {
  private readonly map: (e: unknown) => Error;
  constructor(
    private readonly inner: Driver,
    isUnique: UniqueViolationTest,
  ) {
    this.map = (e) => storageError(e, isUnique(e));
  }
  private unwrap(c: DatabaseConnection): DatabaseConnection {
    return c instanceof MappedConnection ? c.inner : c;
  }
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.map(e);
    }
  }
  init(): Promise<void> {
    return this.guard(() => this.inner.init());
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new MappedConnection(await this.guard(() => this.inner.acquireConnection()), this.map);
  }
  beginTransaction(c: DatabaseConnection, s: TransactionSettings): Promise<void> {
    return this.guard(() => this.inner.beginTransaction(this.unwrap(c), s));
  }
  commitTransaction(c: DatabaseConnection): Promise<void> {
    return this.guard(() => this.inner.commitTransaction(this.unwrap(c)));
  }
  rollbackTransaction(c: DatabaseConnection): Promise<void> {
    return this.guard(() => this.inner.rollbackTransaction(this.unwrap(c)));
  }
  savepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guard(async () => {
      if (!this.inner.savepoint) throw unsupported('savepoint');
      await this.inner.savepoint(this.unwrap(c), name, compile);
    });
  }
  rollbackToSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guard(async () => {
      if (!this.inner.rollbackToSavepoint) throw unsupported('rollbackToSavepoint');
      await this.inner.rollbackToSavepoint(this.unwrap(c), name, compile);
    });
  }
  releaseSavepoint(c: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.guard(async () => {
      if (!this.inner.releaseSavepoint) throw unsupported('releaseSavepoint');
      await this.inner.releaseSavepoint(this.unwrap(c), name, compile);
    });
  }
  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(this.unwrap(c));
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
