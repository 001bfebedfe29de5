// External Client App setup files: generate (plain data), write to a folder, or zip.
export { generateSetupFiles, filesFor, type SetupFile } from './generate.js';
export { resolveSetupOptions, DEFAULT_ADMIN_ORG, type ResolvedSetup, type SetupConnectionFacts, type SetupOptions } from './options.js';
export { ECA_PARTS, PERMISSION_SET, SOURCE_ROOT, componentPath, CALLBACK_URL, OAUTH_SCOPES } from './metadata.js';
export { writeSetupFolder } from './write-folder.js';
export { buildZip } from './zip.js';
