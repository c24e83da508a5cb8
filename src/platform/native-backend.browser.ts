/**
 * Loading the native TensorFlow backend — the browser adapter: a page has no native backend, so
 * `ready()` skips it ("not in a browser") and takes wasm.
 */

/** Always rejects: the native backend exists only in Node. */
export async function loadNativeBackend(): Promise<void> {
  throw new Error('not available in a browser');
}
