/**
 * The few WebAssembly JS-API calls the sandbox makes, typed here: the project compiles against ES2023 without the
 * DOM library, which is where TypeScript declares the `WebAssembly` namespace.
 */
export type WasmModule = { readonly __brand: 'WebAssembly.Module' };

type Descriptor = { readonly module?: string; readonly name: string; readonly kind: string };

type WasmApi = {
  Module: {
    new (bytes: Uint8Array): WasmModule;
    imports(module: WasmModule): Descriptor[];
    exports(module: WasmModule): Descriptor[];
  };
};

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export type ModuleImport = Required<Descriptor>;
