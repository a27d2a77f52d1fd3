/**
 * Where the workplace's shared material (`shared/`: ACTUS test beds and specification) is: the
 * directory named by `$COVENANT_SHARED_DIR`, else the first `shared/` beside the repository or
 * beside one of its parent directories (a clone in `/work/main` finds `/work/shared`; a CI clone
 * one level deeper still finds it). It is read at run time, never copied into the repository.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The shared directory holding `relative`, or the conventional `../shared` path if none does. */
export function sharedPath(relative: string): string {
  const fromEnv = process.env['COVENANT_SHARED_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return join(resolve(fromEnv), relative);
  for (let dir = dirname(ROOT); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  return join(dirname(ROOT), 'shared', relative);
}
