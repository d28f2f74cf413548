/**
 * Imported first by the CLI, before anything touches the libuv thread pool: file reads,
 * fsyncs and DNS share its threads, and the default of 4 serializes a file store's fsyncs
 * behind reads. Must stay a separate module, evaluated before any other import.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';
