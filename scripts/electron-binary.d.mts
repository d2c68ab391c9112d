// Types for electron-binary.mjs, so the TypeScript tests can import the same detection.
export declare const PROJECT_ROOT: string;
export type ElectronBinary = { binary: string; reason: null } | { binary: null; reason: string };
export declare function findElectronBinary(options?: { root?: string; env?: NodeJS.ProcessEnv }): ElectronBinary;
