/**
 * Loading the native TensorFlow backend — the Node adapter: `@tensorflow/tfjs-node`, an optional
 * dependency (it downloads libtensorflow at install, so it is absent where that download is
 * impossible). The browser build swaps in `native-backend.browser.ts` (there is none in a page).
 */

/** Imports `@tensorflow/tfjs-node` (registering the `tensorflow` backend); rejects when it is not installed. */
export async function loadNativeBackend(): Promise<void> {
  // Optional dependency: a dynamic import keeps a missing package a run-time condition.
  const moduleName = '@tensorflow/tfjs-node';
  await import(/* @vite-ignore */ moduleName);
}
