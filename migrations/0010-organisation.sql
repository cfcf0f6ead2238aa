-- The organisation profile: the identity the leaders' documents carry (condition report, strategy
-- document, evaluation report): the organisation's name, its ministry and unit, the city documents
-- are signed in, the logo on their covers and the head of unit who signs them. One per
-- installation, so the table holds at most the row with id 1; until it is first saved there is no
-- row and every field reads as blank. Forward-only: never edit once merged.
CREATE TABLE organisation_profile (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL DEFAULT '',
  -- The parent ministry ("Kementerian …").
  parent TEXT NOT NULL DEFAULT '',
  -- Optional: the echelon the organisation belongs to ("Sekretariat Direktorat Jenderal …").
  unit TEXT NOT NULL DEFAULT '',
  -- Where documents are signed ("Jakarta, 2 Desember 2026").
  city TEXT NOT NULL DEFAULT '',
  head_name TEXT NOT NULL DEFAULT '',
  -- The head's position (jabatan), as printed above the signature.
  head_position TEXT NOT NULL DEFAULT '',
  -- The civil-servant number (NIP): 18 digits without spaces, or '' when not given.
  head_nip TEXT NOT NULL DEFAULT '' CHECK (head_nip = '' OR (length(head_nip) = 18 AND head_nip NOT GLOB '*[^0-9]*')),
  -- The logo as uploaded, checked by src/organisation/profile.ts; both null when there is none.
  logo BLOB,
  logo_type TEXT CHECK (logo_type IS NULL OR logo_type IN ('image/png', 'image/svg+xml')),
  updated_at TEXT NOT NULL,
  CHECK ((logo IS NULL) = (logo_type IS NULL))
);
