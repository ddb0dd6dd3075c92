/** Builds the Teams app package: manifest.json (bot id from configuration) and both icons at the zip's root. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { AppError } from '../../errors.js';

const PLACEHOLDER = /\$\{\{MICROSOFT_APP_ID\}\}/g;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The manifest with the app and bot id filled in. */
export function teamsManifest(appPackageDir: string, appId: string): Record<string, unknown> {
  if (!GUID.test(appId)) throw new AppError('CONFIG_INVALID', "MICROSOFT_APP_ID must be the bot's Azure app id (a GUID)");
  return JSON.parse(readFileSync(join(appPackageDir, 'manifest.json'), 'utf8').replace(PLACEHOLDER, appId)) as Record<string, unknown>;
}

/** Writes the zip; returns its size in bytes. */
export function packageTeams(appPackageDir: string, appId: string, out: string): number {
  const manifest = teamsManifest(appPackageDir, appId);
  const icons = manifest.icons as { color: string; outline: string };
  const zip = zipSync({
    'manifest.json': Buffer.from(JSON.stringify(manifest, null, 2)),
    [icons.color]: readFileSync(join(appPackageDir, icons.color)),
    [icons.outline]: readFileSync(join(appPackageDir, icons.outline)),
  });
  writeFileSync(out, zip);
  return zip.length;
}
