import { z } from 'zod';
import { recordAudit, type AuditDetails } from '../audit/log';
import type { Db } from '../db/connection';
import * as organisationDb from '../db/organisation';
import type { OrganisationFieldsRow } from '../db/types';
import { parseInput } from '../errors';
import { checkLogo, type LogoType } from './logo';

/**
 * The organisation profile: who the leaders' documents speak for (name, ministry, unit), where
 * they are signed, the logo on their covers and the head of unit who signs them. One per
 * installation. Every change is checked here, whatever sent it (the page or the command line),
 * written in one transaction and recorded in the audit log: the text fields old → new, the logo
 * only as changed (its type and size, never its bytes).
 */

export interface OrganisationProfile {
  name: string;
  parent: string;
  unit: string;
  city: string;
  logo: { type: LogoType; data: Buffer } | null;
  head: { name: string; position: string; nip: string };
}

export { LOGO_MAX_BYTES, LOGO_MAX_PIXELS, type LogoType } from './logo';

const REFUSED = 'The organisation profile was not saved';

const text = (max: number) =>
  z
    .union([z.string(), z.null()], { error: 'must be text' })
    .optional()
    .transform((value) => (value ?? '').trim())
    .pipe(z.string().max(max, `at most ${max} characters`));
const required = (max: number, message: string) => text(max).pipe(z.string().min(1, message));

/** 18 digits (NIP, Indonesian civil-servant number); spaces as people group it ("19700101 199503 1 001") are dropped. */
const nipInput = text(60)
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^(\d{18})?$/, 'a NIP is 18 digits (spaces are ignored)'));

const OrganisationInputSchema = z
  .object({
    name: required(200, 'the organisation\'s name is required'),
    parent: required(200, 'the ministry or agency is required'),
    unit: text(200),
    city: required(100, 'the city where documents are signed is required'),
    head_name: text(200),
    head_position: text(200),
    head_nip: nipInput,
  })
  .superRefine((value, context) => {
    // A signature block names a person and their position together; a NIP alone signs nothing.
    const given = value.head_name !== '' || value.head_position !== '' || value.head_nip !== '';
    if (given && value.head_name === '') context.addIssue({ code: 'custom', path: ['head_name'], message: 'the head of unit\'s name is required with a position or NIP' });
    if (given && value.head_position === '') context.addIssue({ code: 'custom', path: ['head_position'], message: 'the head of unit\'s position is required with a name or NIP' });
  });

/** The form's and the command line's field names, in the order the page shows them. */
export const ORGANISATION_FIELDS = ['name', 'parent', 'unit', 'city', 'head_name', 'head_position', 'head_nip'] as const satisfies readonly (keyof OrganisationFieldsRow)[];

/** The profile as saved; blank fields and no logo when it was never set. */
export function loadOrganisation(db: Db): OrganisationProfile {
  const row = organisationDb.findOrganisationProfile(db);
  return {
    name: row?.name ?? '',
    parent: row?.parent ?? '',
    unit: row?.unit ?? '',
    city: row?.city ?? '',
    logo: row?.logo && row.logo_type ? { type: row.logo_type, data: Buffer.from(row.logo) } : null,
    head: { name: row?.head_name ?? '', position: row?.head_position ?? '', nip: row?.head_nip ?? '' },
  };
}

/** The profile's text fields by their form names (for a form that comes back, and the command line). */
export function organisationFields(profile: OrganisationProfile): OrganisationFieldsRow {
  return {
    name: profile.name,
    parent: profile.parent,
    unit: profile.unit,
    city: profile.city,
    head_name: profile.head.name,
    head_position: profile.head.position,
    head_nip: profile.head.nip,
  };
}

/** The logo as a data: address for <img src>, which the documents' Content Security Policy allows (img-src data:); null without a logo. */
export function logoDataUri(profile: OrganisationProfile): string | null {
  return profile.logo ? `data:${profile.logo.type};base64,${profile.logo.data.toString('base64')}` : null;
}

/**
 * Saves the text fields (every one of them: an absent field is blank). Refused (422, each problem
 * named by its field) with nothing written; a save that changes nothing writes nothing.
 */
export function saveOrganisation(db: Db, input: unknown, now: Date, actor: string): void {
  const value = parseInput(OrganisationInputSchema, input, REFUSED);
  db.transaction(() => {
    const before = organisationFields(loadOrganisation(db));
    const changes: AuditDetails = {};
    for (const field of ORGANISATION_FIELDS) {
      if (before[field] !== value[field]) changes[field] = { from: before[field], to: value[field] };
    }
    if (Object.keys(changes).length === 0) return;
    organisationDb.upsertOrganisationFields(db, value, now.toISOString());
    recordAudit(db, { actor, action: 'organisation.update', details: changes }, now);
  })();
}

/**
 * Replaces the logo with a PNG or SVG file after checking it (src/organisation/logo.ts): refused
 * (413 beyond 512 KB, 422 otherwise, on the field `file`) before anything is written, so the old
 * logo stays.
 */
export function setLogo(db: Db, file: Buffer, now: Date, actor: string): void {
  const type = checkLogo(file);
  db.transaction(() => {
    const before = loadOrganisation(db).logo;
    if (before && before.type === type && before.data.equals(file)) return;
    organisationDb.upsertOrganisationLogo(db, file, type, now.toISOString());
    recordAudit(db, { actor, action: 'organisation.logo', details: { logo: before ? 'changed' : 'added', type, bytes: file.length } }, now);
  })();
}

/** Removes the logo; nothing happens (and nothing is logged) when there is none. */
export function removeLogo(db: Db, now: Date, actor: string): void {
  db.transaction(() => {
    if (loadOrganisation(db).logo === null) return;
    organisationDb.upsertOrganisationLogo(db, null, null, now.toISOString());
    recordAudit(db, { actor, action: 'organisation.logo', details: { logo: 'removed' } }, now);
  })();
}

export interface DocumentSignatory {
  name: string;
  position: string;
  nip: string;
  place: string;
}

/**
 * Who a leader's document speaks for and who signs it: the plan's own organisation and signatory
 * where it gives them, the profile's otherwise. The signatory is taken whole (a name from the plan
 * beside a NIP from the profile would name nobody), so the head of unit stands in only when the
 * plan names no signatory at all; the place is the profile's city whenever the plan gives none.
 */
export function documentIdentity(
  profile: OrganisationProfile | null | undefined,
  own: { organisation: string; signatory: DocumentSignatory },
): { organisation: string; signatory: DocumentSignatory; logo: string | null } {
  if (!profile) return { organisation: own.organisation, signatory: own.signatory, logo: null };
  const { signatory } = own;
  const unsigned = signatory.name === '' && signatory.position === '' && signatory.nip === '';
  return {
    organisation: own.organisation || profile.name,
    signatory: {
      ...(unsigned ? { name: profile.head.name, position: profile.head.position, nip: profile.head.nip } : { name: signatory.name, position: signatory.position, nip: signatory.nip }),
      place: signatory.place || profile.city,
    },
    logo: logoDataUri(profile),
  };
}
