import { prepared, type Db } from './connection';
import type { OrganisationFieldsRow, OrganisationProfileRow } from './types';

/**
 * The organisation profile (migration 0010): one row, id 1, written on the first save. Each write
 * creates the row if it is missing, so the text fields and the logo can be saved in either order.
 */

export function findOrganisationProfile(db: Db): OrganisationProfileRow | undefined {
  return prepared(db, 'SELECT * FROM organisation_profile WHERE id = 1').get() as OrganisationProfileRow | undefined;
}

export function upsertOrganisationFields(db: Db, fields: OrganisationFieldsRow, updatedAt: string): void {
  prepared(
    db,
    `INSERT INTO organisation_profile (id, name, parent, unit, city, head_name, head_position, head_nip, updated_at)
     VALUES (1, @name, @parent, @unit, @city, @head_name, @head_position, @head_nip, @updated_at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent = excluded.parent, unit = excluded.unit, city = excluded.city,
       head_name = excluded.head_name, head_position = excluded.head_position, head_nip = excluded.head_nip, updated_at = excluded.updated_at`,
  ).run({ ...fields, updated_at: updatedAt });
}

/** Sets the logo, or removes it with null for both. */
export function upsertOrganisationLogo(db: Db, logo: Buffer | null, logoType: OrganisationProfileRow['logo_type'], updatedAt: string): void {
  prepared(
    db,
    `INSERT INTO organisation_profile (id, logo, logo_type, updated_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET logo = excluded.logo, logo_type = excluded.logo_type, updated_at = excluded.updated_at`,
  ).run(logo, logoType, updatedAt);
}
