/**
 * aws-local-stepfunctions 3.x calls `Promise.withResolvers` (Node ≥ 22); our tooling runs on
 * Node 20. Import this module for its side effect before the library runs a Task state.
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

const withResolvers = <T>(): Resolvers<T> => {
  let resolve!: Resolvers<T>['resolve'];
  let reject!: Resolvers<T>['reject'];
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

const promiseConstructor = Promise as unknown as { withResolvers?: typeof withResolvers };
promiseConstructor.withResolvers ??= withResolvers;

export { withResolvers };
