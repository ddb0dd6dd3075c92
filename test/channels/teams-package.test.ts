/** The Teams app package: required fields, icon sizes, files at the zip root, bot id from configuration. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

function buildPackage(env: Record<string, string>) {
  const out = join(mkdtempSync(join(tmpdir(), 'ra-teams-')), 'app.zip');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'src', 'cli.js'), 'package-teams', '--out', out], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { ...r, out };
}

describe('Teams app package', () => {
  const template = JSON.parse(readFileSync(join(ROOT, 'appPackage', 'manifest.json'), 'utf8'));

  it('pins one schema version, with $schema and manifestVersion in step', () => {
    expect(template.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${template.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('npm run package:teams writes a zip with manifest.json and both icons at its root, ids from MICROSOFT_APP_ID', () => {
    const r = buildPackage({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'pw-not-printed' });
    expect(r.status, r.stderr).toBe(0);
    const files = unzipSync(readFileSync(r.out));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(Buffer.from(files['manifest.json'] ?? []).toString('utf8'));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(JSON.stringify(manifest)).not.toContain('${{');
    // Required fields and their limits (platform-facts section 12).
    for (const f of ['manifestVersion', 'version', 'id', 'developer', 'name', 'description', 'icons', 'accentColor']) expect(manifest).toHaveProperty(f);
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.developer.name.length).toBeLessThanOrEqual(32);
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['runtime-advice', 'help', 'start over']);
    const color = PNG.sync.read(Buffer.from(files['color.png'] ?? []));
    const outline = PNG.sync.read(Buffer.from(files['outline.png'] ?? []));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    // The outline icon is white on transparent.
    const alphas = new Set<number>();
    for (let i = 0; i < outline.data.length; i += 4) {
      alphas.add(outline.data[i + 3] ?? 0);
      if ((outline.data[i + 3] ?? 0) > 0) expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(alphas.has(0)).toBe(true);
  });

  it('refuses to package without a valid MICROSOFT_APP_ID', () => {
    expect(buildPackage({}).status).toBe(2);
    const bad = buildPackage({ MICROSOFT_APP_ID: 'not-a-guid', MICROSOFT_APP_PASSWORD: 'x' });
    expect(bad.status).not.toBe(0);
  });
});
