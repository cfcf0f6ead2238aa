import type { Lang } from './index';

/**
 * The advice read-csv.ts appends to every "this is not CSV text" message, as a pattern source.
 * Menu names stay as Excel and Google Sheets show them; they are quoted, like file names.
 */
const SAVE_AS_UTF8 = String.raw`In Excel use File → Save As → "CSV UTF-8 \(comma delimited\) \(\*\.csv\)"; in Google Sheets use File → Download → "Comma-separated values \(\.csv\)"\.`;
const SAVE_AS_UTF8_ID = 'Di Excel, pilih File → Save As → "CSV UTF-8 (comma delimited) (*.csv)"; di Google Sheets, pilih File → Download → "Comma-separated values (.csv)".';
const NOT_UTF8_REASON = String.raw`it was probably saved as "CSV \(comma delimited\)" or "CSV \(MS-DOS\)", which garbles letters like é\.`;
const NOT_UTF8_REASON_ID = 'berkas kemungkinan disimpan sebagai "CSV (comma delimited)" atau "CSV (MS-DOS)", yang merusak huruf seperti é.';

const KIND_ID: Record<string, string> = { strength: 'kekuatan', weakness: 'kelemahan', opportunity: 'peluang', threat: 'ancaman' };

/** The TOWS rules name factor kinds, which a pattern cannot translate word by word: one pattern per combination. */
function quadrantMessages(): [RegExp, string][] {
  const kinds = Object.keys(KIND_ID);
  const messages: [RegExp, string][] = [];
  for (const first of kinds) {
    messages.push([new RegExp(`^a (\\w\\w) strategy cites at least one ${first} it uses$`), `strategi $1 harus mengutip paling sedikit satu ${KIND_ID[first]} yang digunakannya`]);
    for (const second of kinds) {
      for (const given of kinds) {
        messages.push([new RegExp(`^a (\\w\\w) strategy combines ${first}s and ${second}s, not a ${given} \\("(.*)"\\)$`, 's'), `strategi $1 memadukan ${KIND_ID[first]} dan ${KIND_ID[second]}, bukan ${KIND_ID[given]} ("$2")`]);
      }
    }
  }
  return messages;
}

/**
 * Services and schemas speak English (the CLI and the JSON API show their messages as they are);
 * pages in Indonesian translate the messages they know here, pattern by pattern, and show any
 * other message unchanged rather than hiding it.
 */
/** A level of weights as the indicator service names it ("the indicators of SS1"), in Indonesian. */
function weightLevel(level: string): string {
  return level.replace(/^the indicators of (\S+)$/, 'indikator $1').replace(/^the objectives of perspective (\S+)$/, 'sasaran perspektif $1').replace(/^the perspectives$/, 'perspektif');
}

/** Why a PNG logo was refused (src/organisation/logo.ts), in Indonesian. */
const PNG_REASONS_ID: Record<string, string> = {
  'the file ends before its header (IHDR)': 'berkas berakhir sebelum kepala gambarnya (IHDR)',
  'the first chunk is not a 13-byte header (IHDR)': 'bagian pertamanya bukan kepala gambar 13 bita (IHDR)',
  'the header (IHDR) is damaged (its checksum does not match)': 'kepala gambarnya (IHDR) rusak (checksum tidak cocok)',
  'its header (IHDR) describes no image the PNG standard knows': 'kepala gambarnya (IHDR) tidak menggambarkan gambar yang dikenal standar PNG',
  'the file ends in the middle of a chunk (it may be cut short)': 'berkas berakhir di tengah sebuah bagian (mungkin terpotong)',
  'it holds no image data (IDAT)': 'tidak berisi data gambar (IDAT)',
  'something follows the end of the image (IEND)': 'ada data setelah akhir gambar (IEND)',
};

/** What an SVG logo may not contain (src/organisation/logo.ts ACTIVE_ELEMENTS), in Indonesian. */
const SVG_CONTENT_ID: Record<string, string> = {
  scripts: 'skrip',
  'embedded HTML': 'HTML sisipan',
  'embedded pages': 'halaman sisipan',
  'embedded content': 'konten sisipan',
  'event handlers': 'penangan peristiwa',
  'event listeners': 'pendengar peristiwa',
};

type Replacement = string | ((match: string, ...groups: string[]) => string);

const INDONESIAN: [RegExp, Replacement][] = [
  // An SKM priority element made an action (src/skm/followup.ts).
  [/^The follow-up was not made an action$/, 'Tindak lanjut belum dijadikan rencana aksi.'],
  [/^choose the element to follow up$/, 'pilih unsur yang ditindaklanjuti'],
  [/^choose the objective of a plan the action serves$/, 'pilih sasaran rencana yang dilayani rencana aksi ini'],
  [/^choose the person in charge of the action$/, 'pilih penanggung jawab rencana aksi'],
  [/^"(.*)" is not one of this round's priority elements \((.*)\)$/, '"$1" bukan unsur prioritas periode ini ($2)'],
  [/^no objective (\d+) in any plan$/, 'tidak ada sasaran $1 pada rencana mana pun'],
  [/^the plan ended on (\S+): follow up in a current plan$/, 'rencana berakhir pada $1: tindak lanjuti pada rencana yang berjalan'],
  [/^a date from (\S+) to (\S+) \(the plan's end\)$/, 'tanggal dari $1 sampai $2 (akhir rencana)'],
  [/^(.*) is already followed up by action (\d+) of (.*)$/, '$1 sudah ditindaklanjuti dengan rencana aksi $2 pada $3'],
  // SKM rounds (src/skm/rounds.ts).
  [/^give the round a name$/, 'beri nama periode'],
  [/^a date as YYYY-MM-DD$/, 'tanggal dengan format YYYY-MM-DD'],
  [/^not a calendar date$/, 'bukan tanggal yang ada di kalender'],
  [/^the period ends before it starts$/, 'periode berakhir sebelum dimulai'],
  [/^a whole number of service users$/, 'jumlah pengguna layanan berupa bilangan bulat'],
  [/^a decimal number such as 0\.15$/, 'bilangan desimal, misalnya 0,15'],
  [/^the weights sum to (.+), not 1$/, 'jumlah bobot $1, bukan 1'],
  [/^give every element a weight \(missing: (.+)\)$/, 'beri bobot setiap unsur (belum: $1)'],
  [/^there is no element "(.+)"$/, 'tidak ada unsur "$1"'],
  [/^the elements and their weights cannot change once answers are stored$/, 'unsur dan bobotnya tidak dapat diubah setelah ada jawaban'],
  [/^line (\d+): the code (.+) is used twice$/, 'baris $1: kode $2 dipakai dua kali'],
  [/^line (\d+): a service name of at most 200 characters$/, 'baris $1: nama layanan paling banyak 200 karakter'],
  [/^at most 100 services$/, 'paling banyak 100 layanan'],
  [/^a whole number$/, 'bilangan bulat'],
  [/^at least (\d+)$/, 'paling sedikit $1'],
  [/^a name is required$/, 'nama wajib diisi'],
  [/^a unit is required$/, 'unit kerja wajib diisi'],
  [/^at most (\d+) characters$/, 'paling banyak $1 karakter'],
  [/^the address employees will open is required$/, 'alamat yang dibuka pegawai wajib diisi'],
  [/^use a web address such as (\S+)$/, 'gunakan alamat web seperti $1'],
  [/^leave out \? and # \(links are added after the address\)$/, 'hapus tanda ? dan # (tautan ditambahkan di belakang alamat)'],
  [/^at least (\d+) characters$/, 'paling sedikit $1 karakter'],
  [/^not an e-mail address$/, 'bukan alamat email yang valid'],
  [/^the current password is wrong$/, 'kata sandi saat ini salah'],
  [/^looks like a number Excel shortened \(e\.g\. 1,99E\+17\): format the column as Text and type the number again$/, 'tampaknya angka yang dipendekkan Excel (mis. 1,99E+17): ubah format kolom menjadi Teks lalu ketik ulang angkanya'],
  [/^repeats line (\d+)$/, 'sama dengan baris $1'],
  [/^already on this round's roster$/, 'sudah ada di daftar pegawai periode ini'],
  [/^username "(.*)" is taken$/, 'nama pengguna "$1" sudah dipakai'],
  [/^use 3–40 letters, digits, "\.", "_" or "-"$/, 'gunakan 3–40 huruf, angka, ".", "_" atau "-"'],
  [/^use a date such as (.*)$/, 'gunakan tanggal seperti $1'],
  [/^the closing date is before the opening date$/, 'tanggal ditutup lebih awal dari tanggal dibuka'],
  [/^use a number such as (\S+) or (\S+)$/, 'gunakan angka seperti $1 atau $2'],
  [/^use a number such as (.*)$/, 'gunakan angka seperti $1'],
  [/^use a whole number$/, 'gunakan bilangan bulat'],
  [/^a number no larger than 10\^15 either way$/, 'angka paling besar 10^15 (positif maupun negatif)'],
  [/^the bounds of a range are above 0 \(achievement divides by them\)$/, 'batas rentang harus di atas 0 (capaian dibagi dengan batas itu)'],
  [/^a target is above 0: achievement divides by it, and a negative target would turn better into worse \(state a decline as a positive figure, such as the number of cases less\)$/, 'target harus di atas 0: capaian dibagi dengan target, dan target negatif membalik yang lebih baik menjadi lebih buruk (nyatakan penurunan sebagai angka positif, misalnya jumlah kasus yang berkurang)'],
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
  [/^An administrator already exists$/, 'Administrator sudah ada.'],
  [/^Login required$/, 'Anda harus masuk terlebih dahulu.'],
  [/^Not allowed$/, 'Tidak diizinkan.'],

  // The CSV layer (src/import/read-csv.ts), shared by the roster upload and the paper import.
  [/^The file is empty: the first line must hold the column names\.$/, 'Berkas kosong: baris pertama harus berisi nama kolom.'],
  [/^Line 1 is empty: the first line must hold the column names\.$/, 'Baris 1 kosong: baris pertama harus berisi nama kolom.'],
  [
    /^Unknown column "(.*)" \(column ([A-Z]+)\)\. Expected columns: (.*) \(capitals and spaces do not matter\)\.$/,
    'Kolom "$1" (kolom $2) tidak dikenal. Kolom yang diharapkan: $3 (huruf kapital dan spasi tidak berpengaruh).',
  ],
  [
    /^Column "(.*)" appears twice in the header \(columns ([A-Z]+) and ([A-Z]+)\): keep one of them\.$/,
    'Kolom "$1" muncul dua kali pada baris judul kolom (kolom $2 dan $3): pertahankan salah satunya.',
  ],
  [/^Required column "(.*)" \(or "(.*)"\) is missing from the header \(line (\d+)\)\.$/, 'Kolom wajib "$1" (atau "$2") tidak ada pada baris judul kolom (baris $3).'],
  [/^Required column "(.*)" is missing from the header \(line (\d+)\)\.$/, 'Kolom wajib "$1" tidak ada pada baris judul kolom (baris $2).'],
  [
    /^The file has more than (\d+) rows; at most (\d+) can be imported at once\. Split it into smaller files, or raise the row limit \(POTRET_MAX_ROWS; on the command line, --max-rows <n> for one import\)\.$/,
    'Berkas berisi lebih dari $1 baris, sedangkan paling banyak $2 baris dapat diimpor sekaligus. Bagilah berkas menjadi beberapa berkas yang lebih kecil, atau naikkan batas baris (POTRET_MAX_ROWS; di baris perintah, --max-rows <n> untuk satu impor).',
  ],
  [/^Reading stopped after (\d+) problems: fix these and upload the file again\.$/, 'Pembacaan dihentikan setelah $1 masalah: perbaiki masalah tersebut, lalu unggah kembali berkasnya.'],
  [
    /^Column ([A-Z]+) has a value but no name in the header \(line (\d+)\): name the column or delete the value\.$/,
    'Kolom $1 berisi data, tetapi tidak bernama pada baris judul kolom (baris $2): beri nama kolom tersebut atau hapus datanya.',
  ],
  [
    /^This row has a value in column ([A-Z]+), but the header has only (\d+) columns: check for a separator inside a value that is not in quotes, or delete the extra cells\.$/,
    'Baris ini berisi data di kolom $1, padahal baris judul kolom hanya memiliki $2 kolom: periksa apakah ada pemisah di dalam isian yang tidak diapit tanda kutip, atau hapus sel yang berlebih.',
  ],
  [
    /^The row starting on line (\d+) opens a quoted value \("\) that is never closed, so the rest of the file would be read as one value: add the closing quote\.$/,
    'Data yang dimulai pada baris $1 membuka isian bertanda kutip (") yang tidak ditutup, sehingga sisa berkas akan terbaca sebagai satu isian: tambahkan tanda kutip penutupnya.',
  ],
  // The parser's own explanation stays in English: it names bytes and options, not anything the user typed.
  [/^The row starting on line (\d+) could not be read as CSV: (.*)$/s, 'Data yang dimulai pada baris $1 tidak dapat dibaca sebagai CSV: $2'],
  [
    new RegExp(String.raw`^This is an Excel workbook \(\.xlsx\), not a CSV file\. ${SAVE_AS_UTF8}$`),
    `Berkas ini adalah buku kerja Excel (.xlsx), bukan berkas CSV. ${SAVE_AS_UTF8_ID}`,
  ],
  [
    new RegExp(String.raw`^This is an old Excel workbook \(\.xls\), not a CSV file\. ${SAVE_AS_UTF8}$`),
    `Berkas ini adalah buku kerja Excel versi lama (.xls), bukan berkas CSV. ${SAVE_AS_UTF8_ID}`,
  ],
  [
    new RegExp(String.raw`^The file looks like UTF-16 text but is cut off \(odd number of bytes\)\. ${SAVE_AS_UTF8}$`),
    `Berkas tampak seperti teks UTF-16, tetapi terpotong (jumlah bita ganjil). ${SAVE_AS_UTF8_ID}`,
  ],
  [
    new RegExp(String.raw`^The file contains NUL bytes: it is not CSV text, or it is UTF-16 without a byte order mark\. ${SAVE_AS_UTF8}$`),
    `Berkas berisi bita NUL: berkas ini bukan teks CSV, atau berupa teks UTF-16 tanpa penanda urutan bita (BOM). ${SAVE_AS_UTF8_ID}`,
  ],
  [
    new RegExp(String.raw`^The file is not UTF-8 text \(line (\d+) has a character in another encoding, such as Windows-1252\): ${NOT_UTF8_REASON} ${SAVE_AS_UTF8}$`),
    `Berkas bukan teks UTF-8 (baris $1 berisi karakter dengan pengodean lain, misalnya Windows-1252): ${NOT_UTF8_REASON_ID} ${SAVE_AS_UTF8_ID}`,
  ],
  [
    new RegExp(String.raw`^The file is not UTF-8 text: ${NOT_UTF8_REASON} ${SAVE_AS_UTF8}$`),
    `Berkas bukan teks UTF-8: ${NOT_UTF8_REASON_ID} ${SAVE_AS_UTF8_ID}`,
  ],

  // Answers typed from paper forms (src/import/likert.ts); the scale labels stay as the instrument spells them.
  [
    /^Not an answer on the (\d+)–(\d+) scale\. Write a whole number from (\d+) to (\d+) or its label \((.*); capitals do not matter\), or leave the cell blank for no answer\.$/,
    'Bukan jawaban pada skala $1–$2. Tulis bilangan bulat dari $3 sampai $4 atau labelnya ($5; huruf kapital tidak berpengaruh), atau kosongkan sel jika tidak ada jawaban.',
  ],

  // Checking a paper-questionnaire file (src/import/paper.ts).
  [/^The file has no forms: type one form per row below the header\.$/, 'Berkas tidak berisi formulir: ketik satu formulir per baris di bawah baris judul kolom.'],
  [
    /^The form_id is blank: write the number printed on the paper form, so that the form can be found again and is never imported twice\.$/,
    'Kolom form_id kosong: tulis nomor yang tercetak pada formulir kertas agar formulir dapat ditelusuri kembali dan tidak diimpor dua kali.',
  ],
  [/^The form_id is longer than (\d+) characters: check that this is the form number\.$/, 'Isi kolom form_id lebih dari $1 karakter: periksa apakah isian ini benar nomor formulir.'],
  [/^The (unit|grade) is longer than (\d+) characters\.$/, 'Isi kolom $1 lebih dari $2 karakter.'],
  [
    /^The form_id repeats the one on line (\d+): a form is typed once; if these are two different forms, one of them has a wrong number\.$/,
    'Nilai form_id ini sama dengan nilai pada baris $1: setiap formulir hanya diketik satu kali; jika keduanya formulir yang berbeda, salah satunya bernomor salah.',
  ],
  [
    /^A form with this form_id is already imported into this round( \(batch \d+\))?: a form is imported once\. Undo that batch first to import it again\.$/,
    'Formulir dengan form_id ini sudah diimpor ke periode ini$1: setiap formulir hanya diimpor satu kali. Batalkan impor batch tersebut terlebih dahulu untuk mengimpornya kembali.',
  ],
  [
    /^The row has no answers at all: every statement is blank\. Type the answers, or delete the row if the form was returned empty\.$/,
    'Baris ini tidak berisi jawaban sama sekali: semua pernyataan kosong. Ketik jawabannya, atau hapus baris ini jika formulir dikembalikan dalam keadaan kosong.',
  ],
  [/^The comment is longer than (\d+) characters \((\d+)\): shorten it\.$/, 'Komentar lebih dari $1 karakter ($2 karakter): persingkat komentar tersebut.'],
  [
    /^Matched to the roster's unit "(.*)" \(capitals and spaces do not matter\); stored as "(.*)"\.$/,
    'Dicocokkan dengan unit "$1" pada daftar pegawai (huruf kapital dan spasi tidak berpengaruh); disimpan sebagai "$2".',
  ],
  [
    /^This unit is not on the roster of this round; (\d+) form\(s\) will be stored with it as a new unit \(first on line (\d+)\)\.$/,
    'Unit ini tidak ada di daftar pegawai periode ini; $1 formulir akan disimpan dengan unit ini sebagai unit baru (pertama kali pada baris $2).',
  ],
  [
    /^The round has no roster, so no unit is known: upload the roster first, or allow new units for this import\.$/,
    'Periode ini belum memiliki daftar pegawai sehingga belum ada unit yang dikenal: unggah daftar pegawai terlebih dahulu, atau izinkan unit baru untuk impor ini.',
  ],
  // A long roster is cut to ten units "and N more"; that form first, then the full list.
  [
    /^This unit is not on the roster of this round\. Units on the roster: (.*) and (\d+) more\. Correct the spelling, or allow new units for this import\.$/,
    'Unit ini tidak ada di daftar pegawai periode ini. Unit pada daftar pegawai: $1, dan $2 unit lainnya. Perbaiki ejaannya, atau izinkan unit baru untuk impor ini.',
  ],
  [
    /^This unit is not on the roster of this round\. Units on the roster: (.*)\. Correct the spelling, or allow new units for this import\.$/,
    'Unit ini tidak ada di daftar pegawai periode ini. Unit pada daftar pegawai: $1. Perbaiki ejaannya, atau izinkan unit baru untuk impor ini.',
  ],

  // Importing paper questionnaires (src/survey/paper.ts, src/routes/paper.ts).
  [
    /^This file was already imported into this round as batch (\d+) \("(.*)", (\d+) forms, (\d{4}-\d{2}-\d{2}), by (.*)\)\. Nothing was imported\. To import it again, undo batch (\d+) first\.$/,
    'Berkas ini sudah diimpor ke periode ini sebagai batch $1 ("$2", $3 formulir, $4, oleh $5). Tidak ada yang diimpor. Untuk mengimpornya kembali, batalkan batch $6 terlebih dahulu.',
  ],
  [/^The file could not be read; nothing was imported$/, 'Berkas tidak dapat dibaca; tidak ada yang diimpor.'],
  [/^The file could not be read$/, 'Berkas tidak dapat dibaca.'],
  [
    /^(\d+) of (\d+) row\(s\) have problems \((\d+) in all\); nothing was imported\. Fix them, or import the valid rows only and get the others back as a rejects file\.$/,
    '$1 dari $2 baris bermasalah ($3 masalah seluruhnya); tidak ada yang diimpor. Perbaiki baris tersebut, atau impor hanya baris yang benar; baris lainnya dikembalikan sebagai berkas baris yang ditolak.',
  ],
  [/^None of the (\d+) row\(s\) can be imported; nothing was imported\.$/, 'Tidak satu pun dari $1 baris dapat diimpor; tidak ada yang diimpor.'],
  [
    /^Form "(.*)" \(line (\d+)\) was imported into this round by someone else while this file was being checked\. Nothing was imported: check the file again\.$/,
    'Formulir "$1" (baris $2) telah diimpor ke periode ini oleh pengguna lain ketika berkas ini sedang diperiksa. Tidak ada yang diimpor: periksa kembali berkas ini.',
  ],
  [/^…and (\d+) more problem\(s\) not listed\.$/, '…dan $1 masalah lain tidak dicantumkan.'],
  [
    /^This upload is no longer available \(uploads wait (\d+) hours for their confirmation\): upload the file again\.$/,
    'Unggahan ini sudah tidak tersedia (unggahan menunggu konfirmasi paling lama $1 jam): unggah kembali berkasnya.',
  ],

  // Spreadsheets (src/import/read-xlsx.ts); menu names stay as Excel shows them.
  [
    /^This is not an Excel workbook \(\.xlsx\): save it in Excel as "Excel Workbook \(\*\.xlsx\)", or upload a CSV file\.$/,
    'Berkas ini bukan buku kerja Excel (.xlsx): simpan di Excel sebagai "Excel Workbook (*.xlsx)", atau unggah berkas CSV.',
  ],
  [
    /^The workbook could not be read: open it in Excel and save it again as "Excel Workbook \(\*\.xlsx\)"\.$/,
    'Buku kerja tidak dapat dibaca: buka di Excel lalu simpan kembali sebagai "Excel Workbook (*.xlsx)".',
  ],
  [/^The first sheet of the workbook is empty: the first rows must hold the column names\.$/, 'Lembar pertama buku kerja kosong: baris-baris pertama harus memuat nama kolom.'],

  // Importing objectives and action plans (src/plan/import.ts).
  [/^The file is larger than the limit of (\d+) bytes$/, 'Berkas lebih besar dari batas $1 bita.'],
  [/^The plan file could not be read; nothing was imported$/, 'Berkas rencana tidak dapat dibaca; tidak ada yang diimpor.'],
  [/^The file has no objectives or actions: type one per row below the header\.$/, 'Berkas tidak berisi sasaran atau rencana aksi: ketik satu per baris di bawah baris judul kolom.'],
  [/^The plan file has (\d+) problem\(s\) in (\d+) row\(s\); nothing was imported$/, 'Berkas rencana memuat $1 masalah pada $2 baris; tidak ada yang diimpor.'],
  [
    /^The row has neither an objective nor an action: fill in the objective code and name, or the action and the code of its objective\.$/,
    'Baris ini tidak berisi sasaran maupun rencana aksi: isi kode dan nama sasaran, atau rencana aksi beserta kode sasarannya.',
  ],
  [/^the objective code is blank: an action names its objective by code \(such as SS1\)$/, 'kode sasaran kosong: rencana aksi menyebut sasarannya dengan kode (misalnya SS1)'],
  [
    /^the objective code is blank: give each objective a code \(such as SS1\) for its actions to name$/,
    'kode sasaran kosong: beri setiap sasaran kode (misalnya SS1) agar rencana aksinya dapat merujuk kepadanya',
  ],
  [/^an objective code has at most 20 letters, digits, "\.", "-" or "_"$/, 'kode sasaran terdiri atas paling banyak 20 huruf, angka, ".", "-" atau "_"'],
  [/^no perspective "(.*)" in this plan; use (.*) or their names$/, 'tidak ada perspektif "$1" dalam rencana ini; gunakan $2 atau namanya'],
  [/^no dimension "(.*)" in the plan's instrument; use codes such as (.*)$/, 'tidak ada dimensi "$1" dalam instrumen rencana ini; gunakan kode seperti $2'],
  [/^the perspective is blank: say where objective (.*) stands on the map \((.*)\)$/, 'perspektif kosong: sebutkan letak sasaran $1 pada peta strategi ($2)'],
  [
    /^objective (.*) is "(.*)" in the plan; one code names one objective: use another code or the same name$/,
    'sasaran $1 dalam rencana ini bernama "$2"; satu kode untuk satu sasaran: gunakan kode lain atau nama yang sama',
  ],
  [
    /^objective (.*) is "(.*)" on line (\d+); one code names one objective: use another code or the same name$/,
    'sasaran $1 pada baris $3 bernama "$2"; satu kode untuk satu sasaran: gunakan kode lain atau nama yang sama',
  ],
  [/^objective (.*) is in perspective (\S+) in the plan$/, 'sasaran $1 dalam rencana ini berada pada perspektif $2'],
  [/^objective (.*) is in perspective (\S+) on line (\d+)$/, 'sasaran $1 pada baris $3 berada pada perspektif $2'],
  [/^objective (.*) answers no dimension in the plan$/, 'sasaran $1 dalam rencana ini tidak menjawab dimensi apa pun'],
  [/^objective (.*) answers no dimension on line (\d+)$/, 'sasaran $1 pada baris $2 tidak menjawab dimensi apa pun'],
  [/^objective (.*) answers (.*) in the plan$/, 'sasaran $1 dalam rencana ini menjawab dimensi $2'],
  [/^objective (.*) answers (.*) on line (\d+)$/, 'sasaran $1 pada baris $3 menjawab dimensi $2'],
  [/^no objective (.*) in this plan or this file: define it on a row with its perspective and name$/, 'tidak ada sasaran $1 dalam rencana maupun berkas ini: definisikan pada satu baris beserta perspektif dan namanya'],
  [/^the action is blank: write what will be done$/, 'rencana aksi kosong: tulis apa yang akan dilakukan'],
  [/^the indicator is blank: say what the action's target measures$/, 'indikator kosong: sebutkan apa yang diukur oleh target rencana aksi'],
  [/^not a date: use YYYY-MM-DD \((.*)\) or DD\/MM\/YYYY \((.*)\)$/, 'bukan tanggal: gunakan TTTT-BB-HH ($1) atau HH/BB/TTTT ($2)'],
  [/^the start date is blank$/, 'tanggal mulai kosong'],
  [/^the end date is blank$/, 'tanggal selesai kosong'],
  [/^the end date is before the start date$/, 'tanggal selesai lebih awal dari tanggal mulai'],
  [/^the due date is before the start date$/, 'tenggat lebih awal dari tanggal mulai'],
  [/^use "Jangka pendek" or "Berkelanjutan" \(short_term or continuous\)$/, 'gunakan "Jangka pendek" atau "Berkelanjutan"'],
  [
    /^a short-term action runs within the plan period \((.*) to (.*)\); a longer one is continuous$/,
    'rencana aksi jangka pendek berlangsung dalam periode rencana ($1 sampai $2); yang lebih panjang bersifat berkelanjutan',
  ],
  [/^mark the quarter with ✓ \(or x, v, 1\), or leave the cell blank$/, 'tandai triwulan dengan ✓ (atau x, v, 1), atau kosongkan selnya'],
  [/^a quarter is 1–4 or I–IV, such as "1,2" or "I,II"$/, 'triwulan ditulis 1–4 atau I–IV, misalnya "1,2" atau "I,II"'],
  [
    /^the person in charge is blank: write their NIP or their name as in the people directory$/,
    'penanggung jawab kosong: tulis NIP atau namanya sesuai direktori pelaksana',
  ],
  [/^no one with NIP (\d+) is in the people directory: add them there first$/, 'tidak ada pelaksana dengan NIP $1 di direktori pelaksana: tambahkan terlebih dahulu'],
  [/^(\d+) people in the directory are named "(.*)": write the NIP instead$/, '$1 orang di direktori bernama "$2": tulis NIP-nya'],
  [
    /^"(.*)" is not in the people directory: write the NIP or the name exactly as in the directory, or add the person there first$/,
    '"$1" tidak ada di direktori pelaksana: tulis NIP atau nama persis seperti di direktori, atau tambahkan orang tersebut terlebih dahulu',
  ],
  [/^whole rupiah, such as 150000000 or 150\.000\.000$/, 'rupiah bulat, misalnya 150000000 atau 150.000.000'],

  // The roster (src/survey/roster.ts); its row problems are the schema messages near the top.
  [/^The roster file could not be read$/, 'Berkas daftar pegawai tidak dapat dibaca.'],
  [/^The roster file has no employees$/, 'Berkas daftar pegawai tidak berisi data pegawai.'],
  [/^The roster has (\d+) problem\(s\); nothing was imported$/, 'Daftar pegawai memuat $1 masalah; tidak ada yang diimpor.'],
  [/^The employee was not saved$/, 'Data pegawai tidak disimpan.'],
  [/^The employee was not removed$/, 'Pegawai tidak dihapus dari daftar.'],
  [/^This round already has (\d+) employees on its roster; nothing was imported$/, 'Periode ini sudah memiliki $1 pegawai di daftarnya; tidak ada yang diimpor.'],
  [
    /^this round already has (\d+) employees on its roster: to add only those of this file who are not on it yet, choose "add new employees only" and upload the file again$/,
    'periode ini sudah memiliki $1 pegawai di daftarnya: untuk menambahkan hanya pegawai dalam berkas ini yang belum ada, centang "Tambahkan pegawai baru saja" lalu unggah berkasnya lagi',
  ],
  [/^choose at least one employee whose link is re-issued$/, 'pilih paling sedikit satu pegawai yang tautannya diterbitkan ulang'],

  // The report (src/report/*.ts); the PDF errors reach the page behind the route's "could not be produced".
  [/^Rounds of different instruments cannot be compared$/, 'Periode dengan instrumen yang berbeda tidak dapat dibandingkan.'],
  [/^round (\d+) uses instrument (\S+), this round (\S+)$/, 'periode $1 menggunakan instrumen $2, sedangkan periode ini menggunakan instrumen $3'],
  [/^A round cannot be compared with itself$/, 'Periode tidak dapat dibandingkan dengan dirinya sendiri.'],
  [/^choose an earlier round$/, 'pilih periode yang lebih awal'],
  [/^Unknown perspective$/, 'Perspektif tidak dikenal.'],
  [/^use one of (.*)$/, 'gunakan salah satu dari: $1'],
  [/^The server is printing other documents at this moment; try again in a few seconds$/, 'Server sedang mencetak dokumen lain; coba lagi dalam beberapa detik.'],
  [/^The server is building other large files at this moment; try again in a few seconds$/, 'Server sedang menyusun berkas besar lain; coba lagi dalam beberapa detik.'],
  [/^The PDF could not be produced: Chromium did not finish within ([\d.]+) s$/, 'PDF tidak dapat dibuat: Chromium tidak selesai dalam $1 detik.'],
  [/^The PDF could not be produced: Chromium could not start: (.*)$/s, 'PDF tidak dapat dibuat: Chromium tidak dapat dijalankan: $1'],
  [/^The PDF could not be produced: Chromium exited with code (\S+): (.*)$/s, 'PDF tidak dapat dibuat: Chromium berhenti dengan kode $1: $2'],

  // Plans (src/plan/schemas.ts, src/plan/service.ts, src/routes/plans.ts).
  [/^The plan could not be created$/, 'Rencana tidak dapat dibuat.'],
  [/^The plan was not saved$/, 'Rencana tidak disimpan.'],
  [/^The settings were not saved$/, 'Pengaturan tidak disimpan.'],
  [/^The round was not linked$/, 'Periode survei tidak ditautkan.'],
  [/^The round was not unlinked$/, 'Tautan periode survei tidak dilepas.'],
  [/^The interview was not saved$/, 'Catatan wawancara tidak disimpan.'],
  [/^The entry was not saved$/, 'Butir analisis situasi tidak disimpan.'],
  [/^The strategy was not saved$/, 'Strategi tidak disimpan.'],
  [/^The objective was not saved$/, 'Sasaran tidak disimpan.'],
  [/^The link was not saved$/, 'Hubungan sebab-akibat tidak disimpan.'],
  [/^The link was not removed$/, 'Hubungan sebab-akibat tidak dihapus.'],
  [/^The indicator was not saved$/, 'Indikator tidak disimpan.'],
  [/^The person was not saved$/, 'Data pelaksana tidak disimpan.'],
  [/^The account was not linked$/, 'Akun tidak ditautkan.'],
  [/^The action was not saved$/, 'Rencana aksi tidak disimpan.'],
  [/^The action was not cancelled$/, 'Rencana aksi tidak dibatalkan.'],
  [/^The action was not resumed$/, 'Rencana aksi tidak dilanjutkan.'],
  [/^The milestone was not saved$/, 'Tonggak tidak disimpan.'],
  [/^The progress was not saved$/, 'Kemajuan tidak disimpan.'],
  [/^The situation analysis was not filled in$/, 'Analisis situasi tidak diisi.'],
  [/^The starter was not taken$/, 'Usulan tidak diambil.'],
  [/^Nobody was added$/, 'Tidak ada yang ditambahkan.'],
  [/^Only planners and administrators may change plans$/, 'Hanya perencana dan administrator yang dapat mengubah rencana.'],
  [/^Only the person in charge of this action may update it$/, 'Hanya penanggung jawab rencana aksi ini yang dapat memperbaruinya.'],
  [/^This account is not linked to a person in the directory; ask an administrator$/, 'Akun ini belum ditautkan ke pelaksana di direktori; hubungi administrator.'],
  [/^Read-only account$/, 'Akun hanya-baca.'],
  [/^a year such as 2027$/, 'tahun seperti 2027'],
  [/^the last year is the first year or up to ten years later$/, 'tahun terakhir sama dengan tahun pertama atau paling lama sepuluh tahun sesudahnya'],
  [/^(.*) already has a plan for (.*)$/, '$1 sudah memiliki rencana untuk $2'],
  [/^this organisation$/, 'organisasi ini'],
  [/^no round (\d+)$/, 'tidak ada periode survei $1'],
  [/^choose a round$/, 'pilih periode survei'],
  [/^round (\d+) is already linked to this plan$/, 'periode $1 sudah ditautkan ke rencana ini'],
  [/^round (\d+) uses another instrument than the baseline round (\d+)$/, 'periode $1 memakai instrumen yang berbeda dari diagnosis dasar (periode $2)'],
  [/^the baseline diagnosis stays linked; the plan's weaknesses and objectives cite it$/, 'diagnosis dasar tetap ditautkan; kelemahan dan sasaran rencana mengutipnya'],
  [/^the plan already has objectives on another instrument's perspectives$/, 'rencana sudah memiliki sasaran pada perspektif instrumen lain'],
  [/^list each perspective once: (.*)$/, 'sebutkan setiap perspektif tepat satu kali: $1'],
  [/^between 0 and 100 points$/, 'antara 0 dan 100 poin'],
  [/^between 0 and 100$/, 'antara 0 dan 100'],
  [/^at least 1$/, 'paling sedikit 1'],
  [/^at most 50$/, 'paling banyak 50'],
  [/^use a number such as 20 or 12,5$/, 'gunakan angka seperti 20 atau 12,5'],
  [/^use a whole number$/, 'gunakan bilangan bulat'],
  [/^not a valid id$/, 'bukan nomor yang sah'],
  [/^who was interviewed is required$/, 'narasumber wajib diisi'],
  [/^unknown perspective code\(s\) (.*); use (.*)$/, 'kode perspektif tidak dikenal: $1; gunakan $2'],
  [/^the text is required$/, 'teks wajib diisi'],
  [/^strength, weakness, opportunity or threat$/, 'kekuatan, kelemahan, peluang atau ancaman'],
  [/^no dimension "(.*)" in the plan's instrument$/, 'tidak ada dimensi "$1" pada instrumen rencana ini'],
  [/^a dimension of the diagnosis is a strength or a weakness$/, 'dimensi diagnosis adalah kekuatan atau kelemahan'],
  [/^dimension (.*) is already in the situation analysis$/, 'dimensi $1 sudah ada dalam analisis situasi'],
  [/^the strategy is required$/, 'strategi wajib diisi'],
  [/^SO, WO, ST or WT$/, 'SO, WO, ST atau WT'],
  [/^no entry (\d+) in this plan's situation analysis$/, 'tidak ada butir $1 dalam analisis situasi rencana ini'],
  [/^choose a perspective$/, 'pilih perspektif'],
  [/^the objective is required$/, 'sasaran wajib diisi'],
  [/^at most 20 characters$/, 'paling banyak 20 karakter'],
  [/^letters, digits, "\.", "-" or "_"$/, 'huruf, angka, ".", "-" atau "_"'],
  [/^no perspective "(.*)"; use (.*)$/, 'tidak ada perspektif "$1"; gunakan $2'],
  [/^no strategy (\d+) in this plan$/, 'tidak ada strategi $1 dalam rencana ini'],
  [/^another objective is already (.*)$/, 'kode $1 sudah dipakai sasaran lain'],
  [/^no objective (\d+) in this plan$/, 'tidak ada sasaran $1 dalam rencana ini'],
  [/^an objective cannot cause itself$/, 'sasaran tidak dapat menjadi penyebab dirinya sendiri'],
  [/^(.*) → (.*) is already on the map$/, '$1 → $2 sudah ada di peta'],
  [/^(.*) → (.*) would make a cycle: (.*) already leads to (.*)$/, '$1 → $2 akan membentuk siklus: $3 sudah mengarah ke $4'],
  [/^the indicator is required$/, 'indikator wajib diisi'],
  [/^an NIP has 18 digits$/, 'NIP terdiri atas 18 digit'],
  [/^NIP (\d+) is already in the directory$/, 'NIP $1 sudah ada di direktori'],
  [/^no account (\d+)$/, 'tidak ada akun $1'],
  [/^the account is already linked to (.*)$/, 'akun sudah ditautkan ke $1'],
  [/^a title is required$/, 'judul wajib diisi'],
  [/^say what is measured$/, 'sebutkan apa yang diukur'],
  [/^short_term or continuous$/, 'jangka pendek atau berkelanjutan'],
  [/^a quarter is 1, 2, 3 or 4$/, 'triwulan adalah 1, 2, 3 atau 4'],
  [/^whole rupiah, 0 or more$/, 'rupiah utuh, 0 atau lebih'],
  [/^the end date is before the start date$/, 'tanggal selesai lebih awal dari tanggal mulai'],
  [/^the due date is before the start date$/, 'tenggat lebih awal dari tanggal mulai'],
  [/^person (\d+) is not in the directory of people; add them there first$/, 'orang $1 tidak ada di direktori pelaksana; tambahkan terlebih dahulu'],
  [/^person (\d+) is not in the directory of people$/, 'orang $1 tidak ada di direktori pelaksana'],
  [/^a short-term action runs within the plan period \((.*) to (.*)\); a longer one is continuous$/, 'rencana aksi jangka pendek berjalan dalam periode rencana ($1 sampai $2); yang lebih panjang bersifat berkelanjutan'],
  [/^say why the action is cancelled$/, 'sebutkan alasan pembatalan'],
  [/^already cancelled on (.*)$/, 'sudah dibatalkan pada $1'],
  [/^the action is not cancelled$/, 'rencana aksi tidak sedang dibatalkan'],
  [/^the action was cancelled on (.*)$/, 'rencana aksi dibatalkan pada $1'],
  [/^give the percent complete or the value achieved$/, 'isi persen selesai atau nilai yang dicapai'],
  [/^a web address starting with http:\/\/ or https:\/\/$/, 'alamat web yang diawali http:// atau https://'],
  [/^the plan has no baseline round with published results$/, 'rencana belum memiliki diagnosis dasar yang hasilnya sudah diterbitkan'],
  [/^choose the person in charge of the actions$/, 'pilih penanggung jawab rencana aksi'],
  [/^Nothing was imported$/, 'Tidak ada yang diimpor.'],
  [/^choose a CSV or XLSX file$/, 'pilih berkas CSV atau XLSX'],
  // Indicators and their measurement (src/monitoring/indicators.ts, kpi-import.ts, evaluation.ts; src/plan/schemas.ts).
  [/^The targets were not saved$/, 'Target tidak disimpan.'],
  [/^The realisation was not saved$/, 'Realisasi tidak disimpan.'],
  [/^The weights were not saved$/, 'Bobot tidak disimpan.'],
  [/^The period was not closed$/, 'Periode tidak ditutup.'],
  [/^The period was not reopened$/, 'Periode tidak dibuka kembali.'],
  [/^No evaluation for that period$/, 'Tidak ada evaluasi untuk periode itu.'],
  [/^The indicator file could not be read; nothing was imported$/, 'Berkas indikator tidak dapat dibaca; tidak ada yang diimpor.'],
  [/^The indicator file has (\d+) problem\(s\) in (\d+) row\(s\); nothing was imported$/, 'Berkas indikator memuat $1 masalah pada $2 baris; tidak ada yang diimpor.'],
  [/^The file has no indicators: type one per row below the header\.$/, 'Berkas tidak berisi indikator: ketik satu per baris di bawah baris judul kolom.'],
  [/^Only the person in charge of this indicator may report its realisation$/, 'Hanya penanggung jawab indikator ini yang dapat melaporkan realisasinya.'],
  [/^maximize, minimize or range$/, 'maximize (semakin tinggi semakin baik), minimize (semakin rendah semakin baik) atau range (rentang)'],
  [/^monthly, quarterly, semester or annual$/, 'monthly (bulanan), quarterly (triwulanan), semester atau annual (tahunan)'],
  [/^sum, average or last$/, 'sum (dijumlahkan), average (dirata-ratakan) atau last (nilai terakhir)'],
  [/^entered, survey, absorption or skm$/, 'entered (diisi), survey (survei), absorption (penyerapan anggaran) atau skm (survei kepuasan masyarakat)'],
  [/^a percent between 0 and 100$/, 'persen antara 0 dan 100'],
  [/^a range target needs its lower bound$/, 'target rentang memerlukan batas bawah'],
  [/^a range target needs its upper bound$/, 'target rentang memerlukan batas atas'],
  [/^the upper bound is below the lower bound$/, 'batas atas lebih kecil dari batas bawah'],
  [/^a bound of 0 cannot be divided by \(achievement is R ÷ bound outside the range\)$/, 'batas 0 tidak dapat menjadi pembagi (di luar rentang capaian = realisasi ÷ batas)'],
  [/^a target of 0 cannot be divided by \(achievement is R ÷ T × 100\): state a target other than 0, for "no complaints at all" the share of cases without one$/, 'target 0 tidak dapat menjadi pembagi (capaian = realisasi ÷ target × 100): tetapkan target selain 0, misalnya untuk "tanpa pengaduan" persentase kasus tanpa pengaduan'],
  [/^a target of 0 cannot be divided by$/, 'target 0 tidak dapat menjadi pembagi'],
  [/^name the dimension or perspective the survey gives \(its code\)$/, 'sebutkan kode dimensi atau perspektif yang dibaca dari survei'],
  [/^another indicator of this plan is already (.*)$/, 'kode $1 sudah dipakai indikator lain dalam rencana ini'],
  [/^no (dimension|perspective) "(.*)" in the plan's instrument; use (.*)$/, (_m: string, level: string, code: string, codes: string) => `tidak ada ${level === 'dimension' ? 'dimensi' : 'perspektif'} "${code}" pada instrumen rencana; gunakan ${codes}`],
  [/^no spending type (\S+); use (.*) or leave it blank for the whole budget$/, 'tidak ada jenis belanja $1; gunakan $2 atau kosongkan untuk seluruh anggaran'],
  [/^the weights of (.*)'s indicators would sum to (.*) %, not 100 %: set them together on the weights form$/, 'bobot indikator $1 akan berjumlah $2 %, bukan 100 %: atur bobotnya bersama-sama pada formulir bobot'],
  [/^(.*) already has targets or realisations per (\S+) period: remove them before it is reported (\S+)$/, '$1 sudah memiliki target atau realisasi per periode $2: hapus terlebih dahulu sebelum dilaporkan $3'],
  [/^not a period: write it like (.*)$/, 'bukan periode: tulis seperti $1'],
  [/^(.*) is reported (\S+): write the period like (.*)$/, '$1 dilaporkan $2: tulis periodenya seperti $3'],
  [/^the plan runs (\d{4})–(\d{4})$/, 'rencana berlaku $1–$2'],
  [/^(\d{4}-Q\d) is closed: an administrator reopens it \(with a reason\) before its figures change$/, '$1 sudah ditutup: administrator harus membukanya kembali (dengan alasan) sebelum angkanya diubah'],
  [/^(.*) is computed from (the survey|the budget|the satisfaction survey \(SKM\)): its realisation is not typed in$/, (_m: string, name: string, source: string) => `${name} dihitung dari ${source === 'the survey' ? 'survei' : source === 'the budget' ? 'anggaran' : 'survei kepuasan masyarakat (SKM)'}: realisasinya tidak diisi manual`],
  [/^no element "(.*)" in the satisfaction survey; leave it blank for the index \(IKM\) or use (.*)$/, 'tidak ada unsur "$1" pada survei kepuasan masyarakat; kosongkan untuk indeks (IKM) atau gunakan $2'],
  [/^give every one of (.*) a weight \(missing: (.*)\), or leave all blank for equal weights$/, (_m: string, level: string, missing: string) => `beri bobot untuk setiap ${weightLevel(level)} (belum: ${missing}), atau kosongkan semua untuk bobot sama rata`],
  [/^the weights of (.*) sum to (.*) %, not 100 %$/, (_m: string, level: string, sum: string) => `bobot ${weightLevel(level)} berjumlah ${sum} %, bukan 100 %`],
  [/^not one of (.*)$/, (_m: string, level: string) => `bukan salah satu dari ${weightLevel(level)}`],
  [/^green starts at or above where red ends$/, 'batas hijau harus sama dengan atau di atas batas merah'],
  [/^at least 100$/, 'paling sedikit 100'],
  [/^at most 1000$/, 'paling banyak 1000'],
  [/^0 or more$/, '0 atau lebih'],
  [/^say why the period is reopened$/, 'sebutkan alasan periode dibuka kembali'],
  [/^say which period, such as 2027-Q1$/, 'sebutkan periodenya, misalnya 2027-Q1'],
  [/^a quarter such as (\S+) is closed and reopened$/, 'yang ditutup dan dibuka kembali adalah triwulan, misalnya $1'],
  [/^(\d{4}-Q\d) is already closed$/, '$1 sudah ditutup'],
  [/^(\d{4}-Q\d) is not closed$/, '$1 tidak sedang ditutup'],
  [/^a quarter \(2027-Q2\), a semester \(2027-S1\) or a year \(2027\)$/, 'triwulan (2027-Q2), semester (2027-S1) atau tahun (2027)'],
  [/^the indicator's code is blank: every row names the indicator it is about$/, 'kode indikator kosong: setiap baris menyebut indikator yang dimaksud'],
  [/^line (\d+) gives (.*) "(.*)" here: say it once, or the same on every row$/, 'baris $1 memberi $2 nilai "$3" di sini: tulis sekali saja, atau sama pada setiap baris'],
  [/^(.*) is not in the plan yet: give the code of its objective \(e\.g\. SS1\) and its name to add it$/, '$1 belum ada dalam rencana: tulis kode sasarannya (misalnya SS1) dan namanya untuk menambahkannya'],
  [/^no objective (.*) in this plan; use (.*)$/, 'tidak ada sasaran $1 dalam rencana ini; gunakan $2'],
  [/^(.*) belongs to (.*); an import does not move an indicator$/, '$1 termasuk sasaran $2; impor tidak memindahkan indikator'],
  [/^a target or realisation needs its period, such as 2027-Q1$/, 'target atau realisasi memerlukan periodenya, misalnya 2027-Q1'],
  [/^line (\d+) already gives (.*) for (.*)$/, 'baris $1 sudah memberi $2 untuk $3'],
  [/^"(.*)" is not in the people directory: write the NIP or the name exactly as in the directory, or add the person there first$/, '"$1" tidak ada di direktori pelaksana: tulis NIP atau nama persis seperti di direktori, atau tambahkan orangnya terlebih dahulu'],
  // The budget (src/monitoring/budget-service.ts, src/monitoring/budget.ts, src/routes/budget.ts).
  [/^The spending type was not added$/, 'Jenis belanja tidak ditambahkan.'],
  [/^The budget line was not saved$/, 'Pagu dan blokir tidak disimpan.'],
  [/^The budget month was not saved$/, 'Rencana penarikan dan realisasi bulan itu tidak disimpan.'],
  [/^The budget months were not saved$/, 'Rencana penarikan dan realisasi bulanan tidak disimpan; tidak ada bulan yang diubah.'],
  [/^The absorption settings were not saved$/, 'Pengaturan penyerapan tidak disimpan.'],
  [/^The budget figures could not be computed$/, 'Angka anggaran tidak dapat dihitung.'],
  [/^No budget for that year$/, 'Tidak ada anggaran untuk tahun itu.'],
  [/^a month from 1 to 12$/, 'bulan 1 sampai 12'],
  [/^a month is 1–12 or its name, such as 3, Maret or Mar$/, 'bulan ditulis 1–12 atau namanya, misalnya 3, Maret atau Mar'],
  [/^a spending type is two digits, such as 52$/, 'jenis belanja ditulis dua digit, misalnya 52'],
  [/^the pagu is more than 0$/, 'pagu harus lebih dari 0'],
  [/^a new spending type is a two-digit code 5x, such as 54$/, 'jenis belanja baru berkode dua digit 5x, misalnya 54'],
  [/^(\d+) is outside the plan period (\S+)$/, '$1 berada di luar periode rencana $2'],
  [/^spending type (\d{2}) already exists$/, 'jenis belanja $1 sudah ada'],
  [/^no spending type (.*); use (.*), or add the type first$/, 'tidak ada jenis belanja $1; gunakan $2, atau tambahkan jenis belanjanya terlebih dahulu'],
  [/^no spending type "(.*)"; use (.*)$/, 'tidak ada jenis belanja "$1"; gunakan $2'],
  [/^no spending type (.*); use (.*)$/, 'tidak ada jenis belanja $1; gunakan $2'],
  [/^the blokir \((.*)\) must be less than the pagu \((.*)\)$/, 'blokir ($1) harus lebih kecil dari pagu ($2)'],
  [/^give the planned amount, the realisation or both$/, 'isi rencana penarikan, realisasi, atau keduanya'],
  [/^spending type (\d{2}) has no budget line for (\d{4}): set its pagu first$/, 'jenis belanja $1 belum memiliki pagu untuk tahun $2: isi pagunya terlebih dahulu'],
  [
    /^quarter (\S+) is closed: its months can no longer be changed \(an administrator may reopen it\)$/,
    'triwulan $1 sudah ditutup: bulan-bulannya tidak dapat diubah lagi (administrator dapat membukanya kembali)',
  ],
  [/^the RPD tolerance is a percentage from 0 to 100$/, 'toleransi deviasi RPD adalah persentase dari 0 sampai 100'],
  [/^the targets are given per spending type code$/, 'target diisi per kode jenis belanja'],
  [/^give four targets, TW I to TW IV, for each spending type$/, 'isi empat target, TW I sampai TW IV, untuk setiap jenis belanja'],
  [/^spending type (\d{2}): give four targets, TW I to TW IV$/, 'jenis belanja $1: isi empat target, TW I sampai TW IV'],
  [/^spending type (\d{2}): each target is a number such as 40 or 12,5$/, 'jenis belanja $1: setiap target berupa angka, misalnya 40 atau 12,5'],
  [/^spending type (\d{2}): each target is a percentage from 0 to 100$/, 'jenis belanja $1: setiap target adalah persentase dari 0 sampai 100'],
  [
    /^spending type (\d{2}): the targets are cumulative and cannot fall from (TW [IV]+) \((.*)\) to (TW [IV]+) \((.*)\)$/,
    'jenis belanja $1: target bersifat kumulatif dan tidak boleh turun dari $2 ($3) ke $4 ($5)',
  ],

  // Importing the monthly plan and realisation (src/monitoring/budget-service.ts).
  [/^The budget file was not imported$/, 'Berkas anggaran tidak diimpor.'],
  [/^The budget file could not be read; nothing was imported$/, 'Berkas anggaran tidak dapat dibaca; tidak ada yang diimpor.'],
  [/^The budget file has (\d+) problem\(s\) in (\d+) row\(s\); nothing was imported$/, 'Berkas anggaran memuat $1 masalah pada $2 baris; tidak ada yang diimpor.'],
  [
    /^The header has neither a "plan" \(rencana, rpd\) nor a "realisation" \(realisasi\) column: add at least one of them\.$/,
    'Baris judul kolom tidak memuat kolom "plan" (rencana, rpd) maupun "realisation" (realisasi): tambahkan paling sedikit salah satunya.',
  ],
  [
    /^The file has no months: type one row per month and spending type below the header\.$/,
    'Berkas tidak berisi data bulan: ketik satu baris per bulan dan jenis belanja di bawah baris judul kolom.',
  ],
  [/^the month is blank: write 1–12 or its name, such as Maret$/, 'bulan kosong: tulis 1–12 atau namanya, misalnya Maret'],
  [/^the spending type is blank: write its code, such as 52$/, 'jenis belanja kosong: tulis kodenya, misalnya 52'],
  [
    /^write 0 for a month without spending, or leave the cell blank while it is not known$/,
    'tulis 0 untuk bulan tanpa penarikan, atau kosongkan sel selama angkanya belum diketahui',
  ],
  [
    /^month (\d+) of spending type (\d{2}) is already on line (\d+): one row per month and spending type$/,
    'bulan $1 jenis belanja $2 sudah ada pada baris $3: satu baris per bulan dan jenis belanja',
  ],

  // The organisation profile and its logo (src/organisation/profile.ts, src/organisation/logo.ts).
  [/^The organisation profile was not saved$/, 'Profil organisasi tidak disimpan.'],
  [/^The logo was not saved$/, 'Logo tidak disimpan.'],
  [/^the organisation's name is required$/, 'nama organisasi wajib diisi'],
  [/^the ministry or agency is required$/, 'kementerian/lembaga wajib diisi'],
  [/^the city where documents are signed is required$/, 'kota tempat dokumen ditandatangani wajib diisi'],
  [/^a NIP is 18 digits \(spaces are ignored\)$/, 'NIP terdiri atas 18 angka (spasi diabaikan)'],
  [/^the head of unit's name is required with a position or NIP$/, 'nama kepala unit wajib diisi bersama jabatan atau NIP'],
  [/^the head of unit's position is required with a name or NIP$/, 'jabatan kepala unit wajib diisi bersama nama atau NIP'],
  [/^choose a PNG or SVG file$/, 'pilih berkas PNG atau SVG'],
  [/^the logo is larger than the limit of (\d+) KB \(this file is (\d+) KB\)$/, 'logo lebih besar dari batas $1 KB (berkas ini $2 KB)'],
  [/^a logo is a PNG or SVG image; this file is neither$/, 'logo harus berupa gambar PNG atau SVG; berkas ini bukan keduanya'],
  [/^not a valid PNG image: (.*)$/, (_m: string, reason: string) => `bukan gambar PNG yang valid: ${PNG_REASONS_ID[reason] ?? reason}`],
  [/^the image is (\d+) × (\d+) pixels; a logo is 1 to (\d+) pixels each way$/, 'gambar berukuran $1 × $2 piksel; logo berukuran 1 sampai $3 piksel ke setiap arah'],
  [/^an SVG logo is UTF-8 text; this file is not$/, 'logo SVG harus berupa teks UTF-8; berkas ini bukan'],
  [/^an SVG logo may not contain event attributes \((.*)\)$/, 'logo SVG tidak boleh memuat atribut peristiwa ($1)'],
  [/^an SVG logo may not contain processing instructions \((.*)\)$/, 'logo SVG tidak boleh memuat instruksi pemrosesan ($1)'],
  [/^an SVG logo may not contain HTML elements \((.*)\)$/, 'logo SVG tidak boleh memuat elemen HTML ($1)'],
  [/^an SVG logo may not contain javascript: addresses$/, 'logo SVG tidak boleh memuat alamat javascript:'],
  [/^an SVG logo may not contain (\w+(?: \w+)?) \((.*)\)$/, (_m: string, what: string, element: string) => `logo SVG tidak boleh memuat ${SVG_CONTENT_ID[what] ?? what} (${element})`],
  [/^an SVG logo may link only to a #fragment of itself or an embedded image \(data:image\/…\), not "(.*)"$/s, 'logo SVG hanya boleh menautkan #fragmen di dalam berkasnya sendiri atau gambar yang disisipkan (data:image/…), bukan "$1"'],
  [/^an SVG logo may not animate a link \((.*)\)$/, 'logo SVG tidak boleh menganimasikan tautan ($1)'],
  [/^an SVG logo may not use escapes \(\\\) in its styles$/, 'logo SVG tidak boleh memakai escape (\\) dalam gayanya'],
  [/^an SVG logo may not load images by image-set\(\)$/, 'logo SVG tidak boleh memuat gambar melalui image-set()'],
  [/^an SVG logo may not set a base address \((.*)\)$/, 'logo SVG tidak boleh menetapkan alamat dasar ($1)'],
  [/^an SVG logo may not load a stylesheet \(@import\)$/, 'logo SVG tidak boleh memuat stylesheet dari luar (@import)'],
  [/^an SVG logo may not have a document type \(<!DOCTYPE>\)$/, 'logo SVG tidak boleh memiliki deklarasi jenis dokumen (<!DOCTYPE>)'],
  [/^the file is XML but its root element is <(.*)>, not <svg>$/, 'berkas ini XML, tetapi elemen akarnya <$1>, bukan <svg>'],
  [/^the <svg> element needs xmlns="(.*)" \(without it a browser does not draw it\)$/, 'elemen <svg> memerlukan xmlns="$1" (tanpanya peramban tidak menggambarnya)'],
  [/^an SVG logo is well-formed XML; this file is not \((.*)\)$/s, 'logo SVG harus berupa XML yang tersusun dengan benar; berkas ini tidak ($1)'],
  [/^the file has no <svg> element$/, 'berkas tidak memiliki elemen <svg>'],
  ...quadrantMessages(),
];

export function translateProblem(lang: Lang, message: string): string {
  if (lang !== 'id') return message;
  for (const [pattern, replacement] of INDONESIAN) {
    if (pattern.test(message)) return typeof replacement === 'string' ? message.replace(pattern, replacement) : message.replace(pattern, replacement);
  }
  return message;
}
