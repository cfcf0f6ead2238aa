import type { Evaluation } from '../../src/monitoring/evaluation';
import { evaluationNarrative, type NarrativeTopic } from '../../src/monitoring/narrative';
import { budgetFixture, emptyEvaluationFixture, evaluationFixture } from './evaluation-fixture';

function paragraph(evaluation: Evaluation, topic: NarrativeTopic, lang: 'id' | 'en' = 'id') {
  const found = evaluationNarrative(evaluation, lang).paragraphs.find((item) => item.topic === topic);
  if (!found) throw new Error(`no ${topic} paragraph`);
  return found;
}

function text(evaluation: Evaluation, topic: NarrativeTopic, lang: 'id' | 'en' = 'id'): string {
  const found = paragraph(evaluation, topic, lang);
  return [found.key_point, ...found.sentences].join('\n');
}

describe('evaluationNarrative: the overall score', () => {
  it('states the NKO with a decimal comma, its status in words and the rule behind the status', () => {
    expect(paragraph(evaluationFixture(), 'overall').key_point).toBe('Nilai Kinerja Organisasi (NKO) TW II 2027 sebesar 97,4 dengan status kuning (indeks 80 sampai di bawah 100).');
  });

  it('says it in English with a decimal point', () => {
    expect(paragraph(evaluationFixture('en'), 'overall', 'en').key_point).toBe('The organisational performance score (NKO) for Q2 2027 is 97.4, status yellow (index 80 to below 100).');
  });

  it('gives every perspective its value and status, and how many indicators are reported', () => {
    const overall = text(evaluationFixture(), 'overall');
    expect(overall).toContain('Per perspektif: Pelanggan/Pemangku Kepentingan 104,0 (hijau); Keuangan 92,0 (kuning); Proses Bisnis Internal 90,0 (kuning); Pembelajaran dan Pertumbuhan 102,0 (hijau).');
    expect(overall).toContain('6 dari 7 indikator sudah dilaporkan realisasinya (keadaan 30 Juni 2027).');
  });

  it('reads the status thresholds from the plan settings, not from the defaults', () => {
    const evaluation = evaluationFixture();
    evaluation.settings = { ...evaluation.settings, red_below: 70, green_from: 95 };
    expect(paragraph(evaluation, 'overall').key_point).toContain('(indeks 70 sampai di bawah 95)');
  });

  it('says the NKO cannot be computed when nothing is reported, instead of printing a number', () => {
    expect(paragraph(emptyEvaluationFixture(), 'overall').key_point).toBe(
      'Nilai Kinerja Organisasi (NKO) TW I 2027 belum dapat dihitung karena belum ada indikator yang dilaporkan realisasinya.',
    );
  });
});

describe('evaluationNarrative: on track, behind and not reported', () => {
  it('names the green objectives and indicators', () => {
    const onTrack = text(evaluationFixture(), 'on_track');
    expect(onTrack).toContain('Sesuai target (hijau): 3 dari 5 sasaran strategis dan 4 dari 7 indikator.');
    expect(onTrack).toContain('SS1 Meningkatnya kepuasan pemangku kepentingan (104,0); SS4 Terwujudnya layanan berbasis digital (110,0); SS5 Meningkatnya kompetensi SDM (102,0)');
    expect(onTrack).toContain('IKU 5.2 Persentase pegawai bersertifikat kompetensi (capaian 100,0%)');
    expect(onTrack).not.toContain('IKU 3.1');
  });

  it('names each red and yellow indicator with its figures and the person in charge, red first', () => {
    const behind = text(evaluationFixture(), 'behind');
    expect(behind).toContain('IKU 3.1 Persentase layanan sesuai SOP (penanggung jawab Budi Santoso, S.Kom.) berstatus merah: realisasi 35% dari target 50%, capaian 70,0%.');
    expect(behind).toContain('IKU 2.1 Persentase penyerapan anggaran (penanggung jawab Rina Marlina) berstatus kuning: realisasi 36,8% dari target 40%, capaian 92,0%.');
    expect(behind.indexOf('IKU 3.1')).toBeLessThan(behind.indexOf('IKU 2.1'));
  });

  it('lists the actions behind or overdue by person in charge, with progress against time elapsed or the due date', () => {
    const behind = paragraph(evaluationFixture(), 'behind');
    expect(behind.key_point).toBe('Di bawah target: indikator merah 1, kuning 1; rencana aksi tertinggal atau melewati tenggat 3 (Agus Pratama; Rina Marlina).');
    expect(behind.sentences).toContain(
      'Rencana aksi Agus Pratama: “Digitalisasi arsip surat masuk” (SS4) tertinggal dari jadwal: progres 30%, waktu berjalan 60%; “Pelatihan aplikasi persuratan elektronik” (SS4) tertinggal dari jadwal: belum ada laporan progres, waktu berjalan 40%.',
    );
    expect(behind.sentences).toContain('Rencana aksi Rina Marlina: “Percepatan pengadaan barang dan jasa” (SS2) melewati tenggat 31 Mei 2027: progres 80%.');
  });

  it('names an indicator without a realisation as not reported, with its periods and person in charge, never as 0', () => {
    const notReported = paragraph(evaluationFixture(), 'not_reported');
    expect(notReported.key_point).toBe('Belum dilaporkan: IKU 3.2 (Budi Santoso, S.Kom.).');
    expect(notReported.sentences).toContain('IKU 3.2 Jumlah temuan ketidakpatuhan SOP (penanggung jawab Budi Santoso, S.Kom.) belum dilaporkan untuk TW I 2027 dan TW II 2027.');
    expect(notReported.sentences).toContain('Indikator yang belum dilaporkan tidak ikut dihitung dalam nilai sasarannya (tidak dianggap 0).');
    // A month missing from a monthly indicator is named too.
    expect(notReported.sentences).toContain('IKU 5.1 Rata-rata jam pelatihan per pegawai: realisasi Mei 2027 belum dilaporkan; capaiannya dihitung dari periode yang sudah dilaporkan.');
    const everything = evaluationNarrative(evaluationFixture(), 'id').paragraphs.flatMap((item) => [item.key_point, ...item.sentences]);
    expect(everything.filter((sentence) => sentence.includes('IKU 3.2')).join(' ')).not.toMatch(/\b0(,0)?%|realisasi 0/);
  });

  it('says so in English', () => {
    expect(text(evaluationFixture('en'), 'not_reported', 'en')).toContain('IKU 3.2 SOP non-compliance findings (in charge: Budi Santoso, S.Kom.) is not reported yet for Q1 2027 and Q2 2027.');
    expect(text(evaluationFixture('en'), 'behind', 'en')).toContain('Actions of Rina Marlina: “Speed up procurement” (SS2) past its due date of 31 May 2027: progress 80%.');
  });
});

describe('evaluationNarrative: budget and outcomes', () => {
  it('compares the total absorption with the target at the last quarter end of the period, and says the targets are defaults', () => {
    const budget = paragraph(evaluationFixture(), 'budget');
    // Total realised to June 883.2 of 2,400 million available (2,450 ceiling less 50 blocked) = 36.8 %.
    expect(budget.key_point).toBe('Serapan anggaran s.d. akhir TW II 2027 sebesar 36,8% dari pagu efektif (pagu dikurangi blokir), di bawah target 40,0%.');
    expect(budget.sentences).toContain(
      'Per jenis belanja pada akhir TW II 2027: Belanja Pegawai (51) 50,0%, memenuhi target 40,0%; Belanja Barang (52) 31,3%, di bawah target 40,0%; Belanja Modal (53) 8,3%, di bawah target 40,0%.',
    );
    expect(budget.sentences).toContain('Target serapan triwulanan (15/40/60/90%) adalah setelan bawaan aplikasi, bukan ketentuan resmi.');
  });

  it('names the months whose RPD deviation is outside the tolerance, overall and per spending type', () => {
    const budget = text(evaluationFixture(), 'budget');
    expect(budget).toContain('Deviasi RPD keseluruhan (tertimbang pagu) melebihi toleransi 5% pada Maret (29,0%), April (24,6%), Mei (23,0%) dan Juni (20,8%).');
    // Personnel spending stays within 2 % of its plan every month: it is not listed.
    expect(budget).toContain('Belanja Barang (52) pada Maret (45,0%), April (28,6%), Mei (28,6%) dan Juni (25,0%); Belanja Modal (53) pada Maret (84,0%)');
    expect(budget).not.toContain('Belanja Pegawai (51) pada');
  });

  it('in a year evaluation read in August, judges the quarter that ended (TW II) and adds absorption to date', () => {
    const evaluation = evaluationFixture();
    evaluation.budget = budgetFixture('id', 8);
    const sentences = paragraph(evaluation, 'budget').sentences;
    expect(sentences[0]).toContain('s.d. akhir TW II 2027 sebesar 36,8%');
    // 883.2 + July 200 + August 215 = 1,298.2 of 2,400 million.
    expect(sentences[1]).toBe('S.d. Agustus 2027 serapan anggaran mencapai 54,1%.');
  });

  it('says the budget is not recorded when there is none', () => {
    expect(paragraph(emptyEvaluationFixture(), 'budget').key_point).toBe('Anggaran tahun 2027 belum dicatat, sehingga serapan anggaran belum dapat dinilai.');
  });

  it('gives absorption against target as an outcome and names stakeholder satisfaction as not measured', () => {
    const outcomes = paragraph(evaluationFixture(), 'outcomes');
    expect(outcomes.key_point).toBe('Ukuran hasil: serapan anggaran 36,8% (target 40,0%, belum tercapai); kepuasan pemangku kepentingan belum diukur — survei kepuasan masyarakat belum ada.');
    expect(paragraph(evaluationFixture('en'), 'outcomes', 'en').sentences).toContain('Stakeholder satisfaction: not measured yet — there is no public satisfaction survey yet.');
  });
});

describe('evaluationNarrative: the prompts as questions', () => {
  it('asks one question per prompt, each ending in a question mark', () => {
    const narrative = evaluationNarrative(evaluationFixture(), 'id');
    expect(narrative.questions).toHaveLength(3);
    for (const question of narrative.questions) expect(question.endsWith('?')).toBe(true);
  });

  it('asks whether the strategy assumption may be wrong when an objective is red while its actions are on track', () => {
    expect(evaluationNarrative(evaluationFixture(), 'id').questions[0]).toBe(
      'SS3 Meningkatnya kepatuhan terhadap SOP berstatus merah, padahal semua rencana aksinya sesuai jadwal atau sudah selesai: apakah asumsi strategi mungkin keliru, sehingga rencana aksi ini bukan yang menggerakkan sasaran tersebut?',
    );
  });

  it('names the survey gap that did not close, with its dimension and signed gap', () => {
    expect(evaluationNarrative(evaluationFixture(), 'id').questions[1]).toContain('kesenjangan Pengembangan Kompetensi SDM (LG-HR) pada survei terakhir belum tertutup (gap −0,62)');
  });

  it('names the action done whose indicators did not move', () => {
    expect(evaluationNarrative(evaluationFixture('en'), 'en').questions[2]).toBe(
      'The action “Monthly budget reconciliation” (SS2) is done, but its indicators (IKU 2.1) have not moved from their starting values: did the action have an effect, or is its effect yet to show?',
    );
  });

  it('says there is no question when the figures raise none', () => {
    const narrative = evaluationNarrative(emptyEvaluationFixture(), 'id');
    expect(narrative.questions).toEqual([]);
    expect(narrative.paragraphs.find((item) => item.topic === 'prompts')?.sentences).toEqual(['Angka periode ini tidak memunculkan pertanyaan uji strategi.']);
  });
});

describe('evaluationNarrative as a function', () => {
  it.each(['id', 'en'] as const)('never writes null, undefined or NaN, even when every figure is missing (%s)', (lang) => {
    for (const evaluation of [evaluationFixture(lang), emptyEvaluationFixture(lang)]) {
      const all = evaluationNarrative(evaluation, lang).paragraphs.flatMap((item) => [item.heading, item.key_point, ...item.sentences]).join('\n');
      expect(all).not.toMatch(/null|undefined|NaN|\{\w+\}|\.\./);
    }
  });

  it('is pure: the same evaluation gives the same text and is not changed', () => {
    const evaluation = evaluationFixture();
    const first = evaluationNarrative(evaluation, 'id');
    expect(evaluationNarrative(evaluation, 'id')).toEqual(first);
    expect(evaluation).toEqual(evaluationFixture());
  });
});
