import type { AnalysisLayout } from '../analysis/layout';
import { compareReports, createReportAccumulator, type AnalysisReport } from '../analysis/report';
import type { Comparison } from '../analysis/compare';
import type { Db } from '../db/connection';
import { countStatusByUnit } from '../db/roster';
import { iterateRoundResponses, type ResponseCounts } from '../db/responses';
import { ValidationError } from '../errors';
import type { Lang } from '../i18n';
import { getRound, type Round } from '../survey/rounds';
import { responseRate } from '../survey/status';
import { summaryFigures, type ReportSummary } from './summary';

export interface ReportOptions {
  lang: Lang;
  alphaMin: number;
  /** Which class a mean exactly on a category boundary belongs to (setting POTRET_CATEGORY_BOUNDARY). */
  categoryBoundary?: 'lower' | 'upper';
  /** An earlier round of the same instrument to compare with. */
  compareWith?: number | null;
}

/** The public JSON report: the analysis plus the round it describes (README documents every field). */
export interface RoundReport extends AnalysisReport {
  round: {
    id: number;
    name: string;
    instrument: string;
    scale: { min: number; max: number };
    invited: number;
    responses: number;
    online: number;
    paper: number;
    /** responses / invited, 0–1 (at most 1, see exceeds_roster); null when nobody is invited. */
    response_rate: number | null;
    /** More responses than employees on the roster (paper forms cannot be matched to it): check the roster or the paper imports. */
    exceeds_roster: boolean;
    /** Answers stored but not yet in the results: they are released when the round closes (src/survey/release.ts). */
    pending: number;
    /** The newest release the report counts (0: nothing published yet, the report holds counts only); downloads built from this report read up to it. */
    release: number;
  };
  comparison: (Comparison & { round: { id: number; name: string } }) | null;
  /** What the executive summary is written from: priorities, strengths and near-target dimensions by target status. */
  summary: ReportSummary;
}

function layoutFor(round: Round, lang: Lang): AnalysisLayout {
  const { definition, items } = round.instrument;
  return {
    scale: { min: definition.scale.min, max: definition.scale.max },
    items: items.map((item) => ({ code: item.code, dimension: item.dimension })),
    dimensions: definition.perspectives.flatMap((perspective) =>
      perspective.dimensions.map((dimension) => ({
        code: dimension.code,
        perspective: perspective.code,
        focus: dimension.focus,
        name: dimension.name[lang],
        target: round.targets.get(dimension.code) ?? round.row.target,
      })),
    ),
    // A perspective's target is the mean of its dimensions' targets, so that its gap agrees with
    // theirs when an analyst overrides the target of a dimension.
    perspectives: definition.perspectives.map((perspective) => ({
      code: perspective.code,
      name: perspective.name[lang],
      target: perspective.dimensions.reduce((sum, dimension) => sum + (round.targets.get(dimension.code) ?? round.row.target), 0) / perspective.dimensions.length,
    })),
  };
}

/** What one pass over a round's stored responses gives: the analysis of the released ones and the counts. */
export interface RoundPass {
  analysis: AnalysisReport;
  /** The newest release (0 before the first). */
  release: number;
  counts: ResponseCounts;
}

/**
 * One pass over the stored responses with running sums: memory does not grow with the number of
 * respondents. Released answers go into the analysis; waiting ones are only counted. The newest
 * release, the counts and the analysis come from one statement, so they describe one state of the
 * round even while a release is written.
 */
export function analyseRound(db: Db, round: Round, options: ReportOptions): RoundPass {
  const accumulator = createReportAccumulator(layoutFor(round, options.lang), {
    alphaMin: options.alphaMin,
    categoryBoundary: options.categoryBoundary ?? 'lower',
    minGroupSize: round.row.min_group_size,
    groupBy: ['unit', 'grade'],
  });
  const counts: ResponseCounts = { online: 0, paper: 0, pending: 0 };
  let release = 0;
  const count = (responseRelease: number, paper: 0 | 1) => {
    if (responseRelease > release) release = responseRelease;
    if (paper === 1) counts.paper += 1;
    else counts.online += 1;
  };
  const { items, definition } = round.instrument;
  if (definition.scale.max < 128) {
    const answers = new Uint8Array(items.length);
    for (const [responseRelease, paper, unit, grade, text] of iterateRoundResponses(db, round.row.id, true)) {
      if (responseRelease === null) {
        counts.pending += 1;
        continue;
      }
      count(responseRelease, paper);
      if (text.length !== answers.length) throw new RangeError(`expected ${answers.length} answers, got ${text.length}`);
      for (let i = 0; i < answers.length; i += 1) answers[i] = text.charCodeAt(i);
      accumulator.add(answers, { unit, grade });
    }
  } else {
    for (const [responseRelease, paper, unit, grade, answers] of iterateRoundResponses(db, round.row.id)) {
      if (responseRelease === null) {
        counts.pending += 1;
        continue;
      }
      count(responseRelease, paper);
      accumulator.add(answers, { unit, grade });
    }
  }
  return { analysis: accumulator.finish(), release, counts };
}

/** How buildReport gets a round's pass: computed (the default), or from the report cache. */
export type RoundAnalyser = (db: Db, round: Round, options: ReportOptions) => RoundPass;

/** The report of a round as it is stored now, computed from every stored answer (src/report/cache.ts keeps it). */
export function buildReport(db: Db, roundId: number, options: ReportOptions, analyse: RoundAnalyser = analyseRound): RoundReport {
  const round = getRound(db, roundId);
  let previous: Round | null = null;
  if (options.compareWith !== undefined && options.compareWith !== null) {
    previous = getRound(db, options.compareWith);
    if (previous.row.instrument_id !== round.row.instrument_id) {
      throw new ValidationError('Rounds of different instruments cannot be compared', [
        { field: 'compare', message: `round ${previous.row.id} uses instrument ${previous.instrument.definition.code}, this round ${round.instrument.definition.code}` },
      ]);
    }
    if (previous.row.id === round.row.id) {
      throw new ValidationError('A round cannot be compared with itself', [{ field: 'compare', message: 'choose an earlier round' }]);
    }
  }
  // A report reads the released results only; releases happen when a round closes (survey/release.ts).
  const { analysis, release, counts } = analyse(db, round, options);
  const invited = countStatusByUnit(db, roundId).reduce((sum, row) => sum + row.invited, 0);
  const responses = counts.online + counts.paper;
  return {
    round: {
      id: round.row.id,
      name: round.row.name,
      instrument: round.instrument.definition.code,
      scale: { min: round.instrument.definition.scale.min, max: round.instrument.definition.scale.max },
      invited,
      responses,
      online: counts.online,
      paper: counts.paper,
      response_rate: responseRate(responses, invited),
      exceeds_roster: responses + counts.pending > invited,
      pending: counts.pending,
      release,
    },
    ...analysis,
    comparison: previous
      ? { round: { id: previous.row.id, name: previous.row.name }, ...compareReports(analysis, analyse(db, previous, options).analysis) }
      : null,
    summary: summaryFigures(analysis, new Map(round.instrument.items.map((item) => [item.code, item.text[options.lang]]))),
  };
}
