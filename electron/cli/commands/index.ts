// Every command, in the order --help and docs/cli.md list them. A new command is a new file in this
// folder and one line here (see docs/contributing.md).
import type { AnyCommand } from '../command.js';
import { authorise } from './authorise.js';
import { createCertificate } from './create-certificate.js';
import { exec } from './exec.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { inspect } from './inspect.js';
import { list } from './list.js';
import { open } from './open.js';
import { orgLoginJwt } from './org-login-jwt.js';
import { renewCertificate } from './renew-certificate.js';
import { restore } from './restore.js';
import { rotateKey } from './rotate-key.js';
import { secretsPasswordChange } from './secrets-password-change.js';
import { secretsPasswordSet } from './secrets-password-set.js';
import { secretsPasswordStatus } from './secrets-password-status.js';
import { setupFiles } from './setup-files.js';
import { sfLogin } from './sf-login.js';
import { test } from './test.js';
import { token } from './token.js';

export const COMMANDS: readonly AnyCommand[] = [
  authorise,
  test,
  inspect,
  setupFiles,
  createCertificate,
  list,
  token,
  exec,
  sfLogin,
  open,
  exportCommand,
  importCommand,
  renewCertificate,
  rotateKey,
  restore,
  orgLoginJwt,
  secretsPasswordSet,
  secretsPasswordChange,
  secretsPasswordStatus,
];
