import type { Lang } from './index';

/**
 * Services and schemas speak English (the CLI and the JSON API show their messages as they are);
 * pages in Indonesian translate the messages they know here, pattern by pattern, and show any
 * other message unchanged rather than hiding it.
 */
const INDONESIAN: [RegExp, string][] = [
  [/^a name is required$/, 'nama wajib diisi'],
  [/^a unit is required$/, 'unit kerja wajib diisi'],
  [/^at most (\d+) characters$/, 'paling banyak $1 karakter'],
  [/^at least (\d+) characters$/, 'paling sedikit $1 karakter'],
  [/^not an e-mail address$/, 'bukan alamat email yang valid'],
  [/^repeats line (\d+)$/, 'sama dengan baris $1'],
  [/^already on this round's roster$/, 'sudah ada di daftar pegawai periode ini'],
  [/^username "(.*)" is taken$/, 'nama pengguna "$1" sudah dipakai'],
  [/^use 3–40 letters, digits, "\.", "_" or "-"$/, 'gunakan 3–40 huruf, angka, ".", "_" atau "-"'],
  [/^use a date such as (.*)$/, 'gunakan tanggal seperti $1'],
  [/^the closing date is before the opening date$/, 'tanggal ditutup lebih awal dari tanggal dibuka'],
  [/^use a number such as (.*)$/, 'gunakan angka seperti $1'],
  [/^use a whole number$/, 'gunakan bilangan bulat'],
  [/^at least (\d+), so no small group can be singled out$/, 'paling sedikit $1, agar tidak ada kelompok kecil yang dapat dikenali'],
  [/^must lie on the scale, (\d+)–(\d+)$/, 'harus berada pada skala $1–$2'],
  [/^use a number on the scale, (\d+)–(\d+)$/, 'gunakan angka pada skala $1–$2'],
  [/^no instrument with code "(.*)"$/, 'tidak ada instrumen dengan kode "$1"'],
  [/^choose a CSV file$/, 'pilih berkas CSV'],
  [/^choose a JSON file or paste the JSON$/, 'pilih berkas JSON atau tempel isi JSON'],
  [/^no rows below the header$/, 'tidak ada baris di bawah baris judul kolom'],
  [/^must be a whole number from (\d+) to (\d+)$/, 'harus bilangan bulat dari $1 sampai $2'],
  [/^unknown item code$/, 'kode butir tidak dikenal'],
  [/^this item belongs to another page$/, 'butir ini ada di halaman lain'],
  [/^must be text$/, 'harus berupa teks'],
  [/^this employee has already answered; removing them would distort the response rate$/, 'pegawai ini sudah mengisi; menghapusnya akan mengubah tingkat respons'],
  [/^not valid JSON: (.*)$/, 'bukan JSON yang valid: $1'],
  [/^The request body is too large$/, 'Data yang dikirim terlalu besar.'],
  [/^The request body is malformed$/, 'Data yang dikirim tidak dapat dibaca.'],
  [/^The file is larger than the limit of (\d+) MB$/, 'Berkas lebih besar dari batas $1 MB.'],
  [/^Cross-site request refused$/, 'Permintaan dari situs lain ditolak.'],
  [/^Administrators only$/, 'Hanya untuk administrator.'],
  [/^An administrator already exists$/, 'Administrator sudah ada.'],
];

export function translateProblem(lang: Lang, message: string): string {
  if (lang !== 'id') return message;
  for (const [pattern, replacement] of INDONESIAN) {
    if (pattern.test(message)) return message.replace(pattern, replacement);
  }
  return message;
}
