/**
 * `@tensorflow/tfjs` as the page's runner bundles it: core (with its gradients and chained ops
 * registered, as the full package's index does) and layers with the cpu backend (the wasm backend
 * is loaded by the library's `ready()`); no webgl, converter or data — a slimmer download. Cells,
 * exercises and the library import `@tensorflow/tfjs` and get this.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
