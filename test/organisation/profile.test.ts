import { AppError } from '../../src/errors';
import { loadOrganisation, logoDataUri, removeLogo, saveOrganisation, setLogo } from '../../src/organisation/profile';
import { countRows, freshDb } from '../helpers';
import { PROFILE_INPUT, pngImage, svgImage } from './fixtures';

const NOW = new Date('2026-12-02T03:00:00Z');

function refusal(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the change to be refused');
}

describe('loadOrganisation', () => {
  it('gives blank fields and no logo when the profile was never saved', () => {
    expect(loadOrganisation(freshDb())).toEqual({ name: '', parent: '', unit: '', city: '', logo: null, head: { name: '', position: '', nip: '' } });
  });
});

describe('saveOrganisation', () => {
  it('stores every field, trimmed, and records old → new in the audit log', () => {
    const db = freshDb();
    saveOrganisation(db, { ...PROFILE_INPUT, name: '  Direktorat Pengembangan Sistem  ' }, NOW, 'admin');
    expect(loadOrganisation(db)).toEqual({
      name: 'Direktorat Pengembangan Sistem',
      parent: 'Kementerian Contoh',
      unit: 'Sekretariat Direktorat Jenderal Contoh',
      city: 'Jakarta',
      logo: null,
      head: { name: 'Dr. Uji Coba, M.Si.', position: 'Direktur Pengembangan Sistem', nip: '197001011995031001' },
    });
    saveOrganisation(db, { ...PROFILE_INPUT, city: 'Bandung' }, NOW, 'admin');
    const entries = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'organisation.update' ORDER BY id").all() as { actor: string; details: string }[];
    expect(entries).toHaveLength(2);
    expect(JSON.parse(entries[0].details).name).toEqual({ from: '', to: 'Direktorat Pengembangan Sistem' });
    expect(JSON.parse(entries[1].details)).toEqual({ city: { from: 'Jakarta', to: 'Bandung' } });
  });

  it('writes nothing and logs nothing when nothing changes', () => {
    const db = freshDb();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const before = countRows(db, 'audit_log');
    saveOrganisation(db, { ...PROFILE_INPUT }, new Date('2026-12-03T03:00:00Z'), 'admin');
    expect(countRows(db, 'audit_log')).toBe(before);
  });

  it('keeps the unit optional', () => {
    const db = freshDb();
    saveOrganisation(db, { ...PROFILE_INPUT, unit: '' }, NOW, 'admin');
    expect(loadOrganisation(db).unit).toBe('');
  });

  it('accepts a NIP of 18 digits written with spaces and stores it without them', () => {
    const db = freshDb();
    saveOrganisation(db, { ...PROFILE_INPUT, head_nip: ' 19700101 199503 1 001 ' }, NOW, 'admin');
    expect(loadOrganisation(db).head.nip).toBe('197001011995031001');
  });

  it.each([
    ['name', 'blank', { name: '' }, "the organisation's name is required"],
    ['name', '201 characters', { name: 'x'.repeat(201) }, 'at most 200 characters'],
    ['parent', 'only spaces', { parent: '   ' }, 'the ministry or agency is required'],
    ['city', 'blank', { city: '' }, 'the city where documents are signed is required'],
    ['unit', 'given twice', { unit: ['a', 'b'] }, 'must be text'],
    ['head_nip', '17 digits', { head_nip: '19700101199503100' }, 'a NIP is 18 digits (spaces are ignored)'],
    ['head_nip', '19 digits', { head_nip: '1970010119950310012' }, 'a NIP is 18 digits (spaces are ignored)'],
    ['head_nip', 'with dashes', { head_nip: '19700101-199503-1-001' }, 'a NIP is 18 digits (spaces are ignored)'],
    ['head_name', 'blank beside a position', { head_name: '' }, "the head of unit's name is required with a position or NIP"],
    ['head_position', 'blank beside a name', { head_position: '' }, "the head of unit's position is required with a name or NIP"],
  ])('refuses %s %s with 422 naming the field, and writes nothing', (field, _what, change, message) => {
    const db = freshDb();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const before = { profile: loadOrganisation(db), audit: countRows(db, 'audit_log') };
    const error = refusal(() => saveOrganisation(db, { ...PROFILE_INPUT, ...change }, NOW, 'admin'));
    expect(error.status).toBe(422);
    expect(error.problems).toContainEqual(expect.objectContaining({ field, message }));
    expect({ profile: loadOrganisation(db), audit: countRows(db, 'audit_log') }).toEqual(before);
  });

  it('leaves the head of unit blank when none of the three fields is given', () => {
    const db = freshDb();
    saveOrganisation(db, { ...PROFILE_INPUT, head_name: '', head_position: '', head_nip: '' }, NOW, 'admin');
    expect(loadOrganisation(db).head).toEqual({ name: '', position: '', nip: '' });
  });
});

describe('setLogo and removeLogo', () => {
  function withPngLogo() {
    const db = freshDb();
    const png = pngImage();
    setLogo(db, png, NOW, 'admin');
    return { db, png };
  }

  /** The logo is refused with the status and a message containing `fragment`, and the previous one stays. */
  function expectRefused(file: Buffer, status: number, fragment: string) {
    const { db, png } = withPngLogo();
    const audit = countRows(db, 'audit_log');
    const error = refusal(() => setLogo(db, file, NOW, 'admin'));
    expect(error.status).toBe(status);
    expect(error.problems).toEqual([expect.objectContaining({ field: 'file', message: expect.stringContaining(fragment) })]);
    expect(loadOrganisation(db).logo).toEqual({ type: 'image/png', data: png });
    expect(countRows(db, 'audit_log')).toBe(audit);
  }

  it('accepts a real PNG, keeps its bytes and gives it as a data: address', () => {
    const { db, png } = withPngLogo();
    const profile = loadOrganisation(db);
    expect(profile.logo).toEqual({ type: 'image/png', data: png });
    expect(logoDataUri(profile)).toBe(`data:image/png;base64,${png.toString('base64')}`);
    const entry = db.prepare("SELECT details FROM audit_log WHERE action = 'organisation.logo'").get() as { details: string };
    // The log says a logo was added, its type and size, never its bytes.
    expect(JSON.parse(entry.details)).toEqual({ logo: 'added', type: 'image/png', bytes: png.length });
  });

  it('accepts a plain SVG (shapes, a gradient referenced by #fragment, an embedded PNG)', () => {
    const db = freshDb();
    const svg = svgImage(
      `<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="64" height="64" fill="url(#g)"/><use xlink:href="#g"/><image href="data:image/png;base64,${pngImage().toString('base64')}" width="8" height="8"/><text x="8" y="40">DC</text>`,
    );
    setLogo(db, svg, NOW, 'admin');
    expect(loadOrganisation(db).logo).toEqual({ type: 'image/svg+xml', data: svg });
  });

  it('refuses a text file renamed .png (the content decides, not the name)', () => {
    expectRefused(Buffer.from('hello, I am not an image\n'), 422, 'a logo is a PNG or SVG image; this file is neither');
  });

  it('refuses a PNG over 512 KB with 413, saying the limit', () => {
    const large = pngImage({ padding: 512 * 1024 });
    expect(large.length).toBeGreaterThan(512 * 1024);
    expectRefused(large, 413, 'larger than the limit of 512 KB');
  });

  it('refuses a PNG wider than 4096 pixels', () => {
    expectRefused(pngImage({ width: 4097, height: 10 }), 422, 'the image is 4097 × 10 pixels');
  });

  it('refuses a PNG whose header is damaged or that is cut short', () => {
    const damaged = pngImage();
    damaged[17] ^= 0xff;
    expectRefused(damaged, 422, 'checksum');
    const png = pngImage();
    expectRefused(png.subarray(0, png.length - 6), 422, 'cut short');
    expectRefused(Buffer.concat([png, Buffer.from('<html>')]), 422, 'something follows the end of the image');
  });

  it.each([
    ['a <script> element', svgImage('<script>alert(1)</script>'), 'may not contain scripts (<script>)'],
    ['a namespaced script', svgImage('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'), 'may not contain scripts'],
    ['an onload= attribute', svgImage('<circle r="3"/>', 'onload="alert(1)"'), 'may not contain event attributes (onload=)'],
    ['an onclick= attribute on a shape', svgImage('<rect width="3" height="3" onClick="alert(1)"/>'), 'may not contain event attributes'],
    ['a <foreignObject>', svgImage('<foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>'), '<foreignObject>'],
    ['an external href', svgImage('<image href="https://evil.example/track.png" width="1" height="1"/>'), 'not "https://evil.example/track.png"'],
    ['an external xlink:href', svgImage('<a xlink:href="javascript:alert(1)"><circle r="3"/></a>'), 'may link only to a #fragment'],
    ['an href hidden behind character references', svgImage('<a href="&#x6a;avascript:alert(1)"><circle r="3"/></a>'), 'may link only to a #fragment'],
    ['an embedded SVG', svgImage('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" width="1" height="1"/>'), 'may link only to a #fragment'],
    ['an animation that rewrites a link', svgImage('<a href="#x"><set attributeName="href" to="#y"/></a>'), 'may not animate a link'],
    ['a stylesheet loaded from elsewhere', svgImage('<style>@import url(https://evil.example/a.css);</style>'), '@import'],
    ['a CSS url() to elsewhere', svgImage('<rect width="3" height="3" style="fill: url(https://evil.example/a.svg#p)"/>'), 'may link only to a #fragment'],
    // A browser opening the file itself loads what a presentation attribute, an animation value or
    // the joined text of a <style> points to, whatever comments, CDATA or CSS escapes split it into.
    ['a presentation attribute fill="url(…)" to elsewhere', svgImage('<rect width="3" height="3" fill="url(https://evil.example/p.svg#g)"/>'), 'not "https://evil.example/p.svg#g"'],
    ['a filter="url(…)" to elsewhere', svgImage('<rect width="3" height="3" filter="url(https://evil.example/f.svg#f)"/>'), 'may link only to a #fragment'],
    ['an animation that sets fill to url(…) elsewhere', svgImage('<rect width="3" height="3"><set attributeName="fill" to="url(https://evil.example/p.svg#g)"/></rect>'), 'may link only to a #fragment'],
    ['an animation that sets a style with url(…)', svgImage('<rect width="3" height="3"><set attributeName="style" to="fill:url(https://evil.example/p.svg#g)"/></rect>'), 'may link only to a #fragment'],
    ['a <style> whose url( is split by a comment', svgImage('<style>rect{fill:ur<!-- -->l(https://evil.example/p.svg#g)}</style>'), 'not "https://evil.example/p.svg#g"'],
    ['a <style> whose url( is split by CDATA', svgImage('<style>rect{fill:u<![CDATA[rl(https://evil.example/p.svg#g)]]>}</style>'), 'may link only to a #fragment'],
    ['a CSS escape hiding url(', svgImage('<style>rect{fill:\\75rl(https://evil.example/p.svg#g)}</style>'), 'escapes'],
    ['a CSS escape hiding @import', svgImage('<style>@\\69mport "https://evil.example/a.css";</style>'), 'escapes'],
    ['an image-set() to elsewhere', svgImage('<style>rect{background-image:image-set("https://evil.example/a.png" 1x)}</style>'), 'image-set()'],
    ['an xml:base that sends #fragments elsewhere', svgImage('<use xml:base="https://evil.example/" href="#x"/>'), 'base address (xml:base=)'],
    ['a document type (entities)', Buffer.from(`<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>`), '<!DOCTYPE>'],
    ['an xml-stylesheet instruction', Buffer.from(`<?xml-stylesheet href="https://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>`), 'processing instructions'],
    ['XML that is not SVG', Buffer.from('<html><body>hi</body></html>'), 'its root element is <html>, not <svg>'],
    ['an <svg> without the SVG namespace', Buffer.from('<svg viewBox="0 0 1 1"><circle r="1"/></svg>'), 'needs xmlns='],
    ['markup that is not well-formed', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><circle></svg>'), 'well-formed XML'],
  ])('refuses an SVG with %s, leaving the previous logo in place', (_what, file, fragment) => {
    expectRefused(file, 422, fragment);
  });

  it('accepts an editor\'s namespaced attribute holding a backslash (a Windows export path is not CSS)', () => {
    const db = freshDb();
    const svg = svgImage('<rect width="3" height="3" fill="url(#g)"/>', 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:export-filename="C:\\Logo\\logo.png"');
    expect(svg.toString()).toContain('C:\\Logo');
    setLogo(db, svg, NOW, 'admin');
    expect(loadOrganisation(db).logo?.type).toBe('image/svg+xml');
  });

  it('replaces the logo, then removes it; removing none writes nothing', () => {
    const { db } = withPngLogo();
    const svg = svgImage();
    setLogo(db, svg, NOW, 'admin');
    expect(loadOrganisation(db).logo?.type).toBe('image/svg+xml');
    removeLogo(db, NOW, 'admin');
    expect(loadOrganisation(db).logo).toBeNull();
    expect(logoDataUri(loadOrganisation(db))).toBeNull();
    const audit = countRows(db, 'audit_log');
    removeLogo(db, NOW, 'admin');
    expect(countRows(db, 'audit_log')).toBe(audit);
    const logged = (db.prepare("SELECT details FROM audit_log WHERE action = 'organisation.logo' ORDER BY id").all() as { details: string }[]).map((row) => JSON.parse(row.details).logo);
    expect(logged).toEqual(['added', 'changed', 'removed']);
  });

  it('keeps the text fields when the logo changes, and the logo when the text fields change', () => {
    const { db, png } = withPngLogo();
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    expect(loadOrganisation(db).logo).toEqual({ type: 'image/png', data: png });
    removeLogo(db, NOW, 'admin');
    expect(loadOrganisation(db).name).toBe(PROFILE_INPUT.name);
  });
});
