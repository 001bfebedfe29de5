// External Client App setup files: generate (plain data), write to a folder, or zip.
export { generateSetupFiles, filesFor, type SetupFile } from './generate.js';
export { resolveSetupOptions, type SetupConnectionFacts, type SetupOptions } from './options.js';
export { writeSetupFolder } from './write-folder.js';
export { buildZip } from './zip.js';
