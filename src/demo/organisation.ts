import { CLI_ACTOR } from '../audit/log';
import type { Db } from '../db/connection';
import { loadOrganisation, saveOrganisation, setLogo } from '../organisation/profile';

/**
 * The demo organisation's identity: a profile whose head of unit is plainly made up (the NIP has
 * the right shape and nothing else), and a logo drawn here (a shield and the initials, nothing
 * from elsewhere), so the demo's documents show a cover as a real installation's would.
 */
export const DEMO_ORGANISATION = {
  name: 'Direktorat Contoh (demo)',
  parent: 'Kementerian Contoh',
  unit: 'Sekretariat Direktorat Jenderal Contoh',
  city: 'Jakarta',
  head_name: 'Fulan Contoh, S.E., M.M. (demo)',
  head_position: 'Direktur Contoh',
  head_nip: '197001011995031001',
};

export function demoLogoSvg(initials = 'DC'): string {
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">',
    '<title>Direktorat Contoh (demo)</title>',
    '<path d="M60 6 L108 22 V58 C108 86 86 106 60 114 C34 106 12 86 12 58 V22 Z" fill="#1d4e89" stroke="#c9a227" stroke-width="5"/>',
    '<circle cx="60" cy="38" r="9" fill="#c9a227"/>',
    `<text x="60" y="86" text-anchor="middle" font-family="sans-serif" font-size="34" font-weight="700" fill="#ffffff">${initials}</text>`,
    '</svg>',
  ].join('');
}

/** Sets the demo profile and logo, unless the database already has a profile of its own. */
export function seedDemoOrganisation(db: Db, now: Date): void {
  if (loadOrganisation(db).name !== '') return;
  saveOrganisation(db, DEMO_ORGANISATION, now, CLI_ACTOR);
  setLogo(db, Buffer.from(demoLogoSvg(), 'utf8'), now, CLI_ACTOR);
}
