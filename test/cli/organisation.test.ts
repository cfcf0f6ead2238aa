import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openAndPrepare } from '../../src/bootstrap';
import { loadOrganisation, type OrganisationProfile } from '../../src/organisation/profile';
import { runCli } from '../helpers';
import { pngImage, svgImage } from '../organisation/fixtures';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCli(args, env);
  return { ...result, stdout: result.stdout.toString('utf8') };
}

function profileIn(env: Record<string, string>): { profile: OrganisationProfile; actors: string[] } {
  const { db } = openAndPrepare(env.POTRET_DB);
  const profile = loadOrganisation(db);
  const actors = (db.prepare("SELECT actor FROM audit_log WHERE action LIKE 'organisation.%' ORDER BY id").all() as { actor: string }[]).map((row) => row.actor);
  db.close();
  return { profile, actors };
}

const SET_ALL = [
  'organisation', 'set',
  '--name', 'Direktorat Pengembangan Sistem',
  '--parent', 'Kementerian Contoh',
  '--city', 'Jakarta',
  '--head-name', 'Dr. Uji Coba, M.Si.',
  '--head-position', 'Direktur',
  '--head-nip', '19700101 199503 1 001',
];

describe('potret organisation', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'potret-organisation-'));
    env = { POTRET_DB: path.join(dir, 'potret.db') };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('organisation show needs a database that exists (it only reads)', async () => {
    const result = await cli(['organisation', 'show'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no database at');
    expect(fs.existsSync(env.POTRET_DB)).toBe(false);
  });

  it('sets the fields, then changes only those given; show prints them with the logo as type and size', async () => {
    expect(await cli(SET_ALL, env)).toMatchObject({ code: 0, stdout: expect.stringContaining('organisation profile saved') });
    const logo = path.join(dir, 'logo.png');
    fs.writeFileSync(logo, pngImage());
    expect(await cli(['organisation', 'set', '--unit', 'Sekretariat Direktorat Jenderal Contoh', '--logo', logo], env)).toMatchObject({
      code: 0,
      stdout: `organisation profile saved (--unit)\nlogo set (image/png, ${pngImage().length} bytes)\n`,
    });
    const shown = await cli(['organisation', 'show'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(
      [
        'name:          Direktorat Pengembangan Sistem',
        'parent:        Kementerian Contoh',
        'unit:          Sekretariat Direktorat Jenderal Contoh',
        'city:          Jakarta',
        'head name:     Dr. Uji Coba, M.Si.',
        'head position: Direktur',
        'head NIP:      197001011995031001',
        `logo:          image/png, ${pngImage().length} bytes`,
        '',
      ].join('\n'),
    );
    expect(profileIn(env).actors.every((actor) => actor === 'cli')).toBe(true);
    expect(await cli(['organisation', 'set', '--remove-logo'], env)).toMatchObject({ code: 0, stdout: 'logo removed\n' });
    expect(profileIn(env).profile.logo).toBeNull();
  });

  it('refuses a 17-digit NIP (exit 1, the field on stderr) and writes nothing', async () => {
    await cli(SET_ALL, env);
    const before = profileIn(env);
    const result = await cli(['organisation', 'set', '--head-nip', '19700101199503100'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('head_nip: a NIP is 18 digits (spaces are ignored)');
    expect(profileIn(env)).toEqual(before);
  });

  it('refuses an SVG logo with a script together with the fields given beside it, keeping the previous logo and fields', async () => {
    await cli(SET_ALL, env);
    const good = path.join(dir, 'logo.svg');
    fs.writeFileSync(good, svgImage());
    await cli(['organisation', 'set', '--logo', good], env);
    const before = profileIn(env);
    const bad = path.join(dir, 'jahat.svg');
    fs.writeFileSync(bad, svgImage('<script>alert(1)</script>'));
    const result = await cli(['organisation', 'set', '--city', 'Bandung', '--logo', bad], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('file: an SVG logo may not contain scripts (<script>)');
    expect(profileIn(env)).toEqual(before);
  });

  it('says how it is used when given nothing to set, or both --logo and --remove-logo', async () => {
    expect(await cli(['organisation', 'set'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing to set') });
    expect(await cli(['organisation', 'set', '--logo', 'a.png', '--remove-logo'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
  });
});
