import type { SkmFollowupLink } from '../db/skm';
import { translator, type Lang, type Translate } from '../i18n';
import { formatDecimal, formatLongDate, formatShare } from '../i18n/format';
import { documentIdentity, type OrganisationProfile } from '../organisation/profile';
import { renderDocument } from '../report/render';
import { inlineSvg } from '../report/svg';
import { GRADE_BANDS, skmGradeLabel, type SkmBreakdownField, type SkmReport } from './analysis';
import { nrrChart, profileChart, type NrrChartLayout } from './chart';
import type { SkmGrade } from './ikm';

/**
 * The SKM report as agencies publish it (PermenPANRB 14/2017): a cover, I introduction and legal
 * basis, II method, III respondent profile, IV results per element and the index with the
 * analysis of the lowest elements, the suggestions and the trend, V the follow-up plan, and the
 * signature block. One view model for the report page and the self-contained document (HTML,
 * and PDF printed from it), built from the published JSON report only; every figure is formatted
 * here, so the views hold nothing but loops and ifs. The same report on one A4 page is the
 * infographic for the notice board and the website.
 */

export interface SkmDocumentOptions {
  lang: Lang;
  /** The document's date (YYYY-MM-DD), on the cover and beside the signature. */
  generatedOn: string;
  /** The installation's organisation profile: the cover's identity and logo, the signatory. */
  organisation: OrganisationProfile | null;
  /** The priority elements already made actions of a plan (skm_followups), shown in the follow-up plan. */
  followups?: readonly SkmFollowupLink[];
}

export interface SkmGradeBandView {
  grade: SkmGrade;
  range: string;
  label: string;
}

export interface SkmFollowupRow {
  key: string;
  name: string;
  /** "NRR 2,00 · 50,00 (D)": why the element is a priority. */
  figures: string;
  /** The action of a plan it became (made from the report page), or null: the cells are left to fill in. */
  action: { title: string; due: string; pic: string; plan: string; objective: string; cancelled: boolean; href: string } | null;
}

export interface SkmDocumentView {
  lang: Lang;
  title: string;
  round: { id: number; name: string; period: string };
  cover: {
    logo: { src: string; alt: string } | null;
    parent: string;
    organisation: string;
    organisationGiven: boolean;
    unit: string;
    kind: string;
    respondents: string;
    date: string;
  };
  /** Who the background speaks of: the organisation's name, or "this unit". */
  unit: string;
  method: { population: string; sample: string; responses: string; collection: string; customWeights: boolean };
  bands: SkmGradeBandView[];
  profile: { field: SkmBreakdownField; label: string; chart: string }[];
  profileNote: string;
  results: {
    sentence: string | null;
    ikm: string;
    grade: string;
    elements: { name: string; n: number; nrr: string; weighted: string; converted: string; grade: string; distribution: [number, number, number, number] }[];
    chart: string;
  };
  breakdowns: { label: string; rows: { label: string; n: number; suppressed: boolean; ikm: string; grade: string }[] }[];
  breakdownsNote: string;
  priorities: string[];
  suggestions: { note: string | null; items: string[] };
  trend: { rounds: { name: string; ikm: string; grade: string; current: boolean }[]; rows: { name: string; values: string[] }[] } | null;
  followup: { rows: SkmFollowupRow[] };
  signature: { place: string; date: string; position: string; name: string; nip: string };
}

function gradeText(grade: SkmGrade | null, label: string | null, t: Translate): string {
  return grade ? `${grade} (${label})` : t('common.none');
}

export function gradeBands(lang: Lang): SkmGradeBandView[] {
  return GRADE_BANDS.map((band) => ({ grade: band.grade, range: `${formatDecimal(band.from, lang, 2)} – ${formatDecimal(band.to, lang, 2)}`, label: skmGradeLabel(band.grade, lang) }));
}

export function periodText(report: SkmReport, lang: Lang): string {
  return `${formatLongDate(report.round.period_start, lang)} – ${formatLongDate(report.round.period_end, lang)}`;
}

/** The NRR chart of a report, with every element's value in its text alternative. */
export function elementChart(report: SkmReport, lang: Lang, layout: Partial<NrrChartLayout> = {}): string {
  const t = translator(lang);
  return inlineSvg(
    nrrChart(
      report.elements.map((element) => ({ name: element.name, nrr: element.nrr, label: formatDecimal(element.nrr, lang, 2) })),
      t('skm.report.chart_title'),
      `${t('skm.report.chart_desc')} ${report.elements.map((element) => `${element.name}: ${formatDecimal(element.nrr, lang, 2)}`).join('; ')}.`,
      layout,
    ),
  );
}

function fieldLabel(field: SkmBreakdownField, t: Translate): string {
  return t(`skm.report.field.${field}`);
}

function profileView(report: SkmReport, lang: Lang, t: Translate): SkmDocumentView['profile'] {
  const total = report.round.responses;
  return report.breakdowns.map((breakdown) => {
    const label = fieldLabel(breakdown.field, t);
    // Counts only, for every group (a count alone reveals no answer); the figures per group are in IV.
    const bars = breakdown.groups.map((group) => {
      const share = formatShare(total === 0 ? null : group.n / total, lang);
      return { label: group.label ?? t('skm.report.not_answered'), n: group.n, value: `${group.n} (${share})`, unanswered: group.key === null };
    });
    const description = bars.map((bar) => `${bar.label}: ${bar.value}`).join('; ');
    return { field: breakdown.field, label, chart: inlineSvg(profileChart(bars, t('skm.report.profile_chart_title', { field: label }), `${description}.`, `skm-profile-${breakdown.field}`)) };
  });
}

function trendView(report: SkmReport, lang: Lang): SkmDocumentView['trend'] {
  if (report.trend.length < 2) return null;
  return {
    rounds: report.trend.map((point) => ({ name: point.name, ikm: formatDecimal(point.ikm_rounded, lang), grade: point.grade ?? '', current: point.current })),
    rows: report.elements.map((element) => ({ name: element.name, values: report.trend.map((point) => formatDecimal(point.nrr[element.key] ?? null, lang)) })),
  };
}

/** The priority elements, the rows of the follow-up plan (rencana tindak lanjut). */
export function followupRows(report: SkmReport, lang: Lang, links: readonly SkmFollowupLink[] = []): SkmFollowupRow[] {
  return report.priorities.map((priority) => {
    const link = links.find((item) => item.element_key === priority.key);
    return {
      key: priority.key,
      name: priority.name,
      figures: `NRR ${formatDecimal(priority.nrr, lang)} · ${formatDecimal(priority.ikm_element_rounded, lang)} (${priority.grade})`,
      action: link
        ? { title: link.title, due: formatLongDate(link.due_on, lang), pic: link.pic_name, plan: link.plan_name, objective: link.objective_code, cancelled: link.cancelled_on !== null, href: `/plans/${link.plan_id}/actions/${link.action_id}` }
        : null,
    };
  });
}

/** Who the documents speak for: the organisation profile's identity and its head of unit as signatory. */
function identityOf(profile: OrganisationProfile | null, t: Translate) {
  const identity = documentIdentity(profile, { organisation: '', signatory: { name: '', position: '', nip: '', place: '' } });
  const logo = identity.logo ? { src: identity.logo, alt: identity.organisation ? t('organisation.logo_alt', { name: identity.organisation }) : t('organisation.logo_alt_unnamed') } : null;
  return { ...identity, logo, parent: profile?.parent ?? '', unit: profile?.unit ?? '' };
}

export function skmDocumentView(report: SkmReport, options: SkmDocumentOptions): SkmDocumentView {
  const { lang } = options;
  const t = translator(lang);
  const identity = identityOf(options.organisation, t);
  const { round } = report;
  const kind = t('skm.report.title');
  const period = periodText(report, lang);
  // "120 dari 197 (60,9%)" against the minimum sample; the count alone without a population.
  const responses = round.required_sample === null ? String(round.responses) : t('skm.progress_of', { n: round.responses, s: round.required_sample, percent: formatShare(round.progress, lang) });
  const suggestions = report.suggestions;
  return {
    lang,
    title: `${kind} — ${round.name}`,
    round: { id: round.id, name: round.name, period },
    cover: {
      logo: identity.logo,
      parent: identity.parent,
      organisation: identity.organisation || t('plan.document.organisation_unknown'),
      organisationGiven: identity.organisation !== '',
      unit: identity.unit,
      kind,
      respondents: t('skm.doc.respondents', { n: round.responses }),
      date: formatLongDate(options.generatedOn, lang),
    },
    unit: identity.organisation || t('skm.report.unit_default'),
    method: {
      population: round.population === null ? t('skm.no_population') : String(round.population),
      sample: round.required_sample === null ? t('common.none') : String(round.required_sample),
      responses,
      collection: (['online', 'kiosk', 'paper'] as const).map((channel) => `${t(`skm.channel.${channel}`)} ${round.by_channel[channel]}`).join(', '),
      customWeights: round.custom_weights,
    },
    bands: gradeBands(lang),
    profile: profileView(report, lang, t),
    profileNote: t('skm.report.profile_note', { n: round.responses }),
    results: {
      sentence: report.ikm_rounded === null ? null : t('skm.report.ikm_sentence', { ikm: formatDecimal(report.ikm_rounded, lang), grade: report.grade ?? '', label: report.grade_label ?? '', n: round.responses }),
      ikm: formatDecimal(report.ikm_rounded, lang),
      grade: gradeText(report.grade, report.grade_label, t),
      elements: report.elements.map((element) => ({
        name: element.name,
        n: element.n,
        nrr: formatDecimal(element.nrr, lang),
        // The weighted NRR is a ninth of the NRR: two decimals would hide the differences.
        weighted: formatDecimal(element.nrr_weighted, lang, 3),
        converted: formatDecimal(element.ikm_element_rounded, lang),
        grade: gradeText(element.grade, element.grade_label, t),
        distribution: [element.distribution['1'], element.distribution['2'], element.distribution['3'], element.distribution['4']],
      })),
      chart: elementChart(report, lang),
    },
    breakdowns: report.breakdowns.map((breakdown) => ({
      label: fieldLabel(breakdown.field, t),
      rows: breakdown.groups
        .filter((group) => group.n > 0)
        .map((group) => ({ label: group.label ?? t('skm.report.not_answered'), n: group.n, suppressed: group.suppressed, ikm: formatDecimal(group.ikm_rounded, lang), grade: group.grade ?? t('common.none') })),
    })),
    breakdownsNote: t('skm.report.breakdowns_note', { min: round.min_group_size }),
    priorities: report.priorities.map((priority) =>
      t('skm.report.priority_item', { name: priority.name, nrr: formatDecimal(priority.nrr, lang), converted: formatDecimal(priority.ikm_element_rounded, lang), grade: priority.grade }),
    ),
    suggestions: {
      note: !suggestions.shown
        ? t('skm.report.suggestions_hidden', { min: suggestions.min, count: suggestions.count })
        : suggestions.items.length === 0
          ? t('skm.report.suggestions_none')
          : null,
      items: suggestions.items,
    },
    trend: trendView(report, lang),
    followup: { rows: followupRows(report, lang, options.followups) },
    signature: { place: identity.signatory.place, date: formatLongDate(options.generatedOn, lang), position: identity.signatory.position, name: identity.signatory.name, nip: identity.signatory.nip },
  };
}

/** The report as one HTML file: self-contained (its stylesheet by hash, no script, no request), or linked to the stylesheet. */
export async function skmDocumentHtml(report: SkmReport, options: SkmDocumentOptions & { selfContained: boolean }): Promise<string> {
  return renderDocument(['skm', 'document.ejs'], skmDocumentView(report, options), { lang: options.lang, selfContained: options.selfContained });
}

export interface SkmInfographicView {
  lang: Lang;
  title: string;
  logo: { src: string; alt: string } | null;
  parent: string;
  organisation: string;
  unit: string;
  heading: string;
  roundName: string;
  period: string;
  ikm: string;
  grade: string | null;
  gradeLabel: string | null;
  respondents: string;
  chart: string;
  bands: SkmGradeBandView[];
  method: string;
  date: string;
}

/** Larger than the report's: the infographic is read on a notice board from a step away. */
const INFOGRAPHIC_CHART: Partial<NrrChartLayout> = { labelWidth: 330, labelChars: 28, labelLines: 3, rowHeight: 48, labelSize: 18, valueSize: 21, valueWeight: 'bold' };

export function skmInfographicView(report: SkmReport, options: SkmDocumentOptions): SkmInfographicView {
  const { lang } = options;
  const t = translator(lang);
  const identity = identityOf(options.organisation, t);
  return {
    lang,
    title: `${t('skm.infographic.title')} — ${report.round.name}`,
    logo: identity.logo,
    parent: identity.parent,
    organisation: identity.organisation,
    unit: identity.unit,
    heading: t('skm.infographic.title'),
    roundName: report.round.name,
    period: periodText(report, lang),
    ikm: formatDecimal(report.ikm_rounded, lang),
    grade: report.grade,
    gradeLabel: report.grade_label,
    respondents: t('skm.doc.respondents', { n: report.round.responses }),
    chart: elementChart(report, lang, INFOGRAPHIC_CHART),
    bands: gradeBands(lang),
    method: t('skm.infographic.method'),
    date: formatLongDate(options.generatedOn, lang),
  };
}

/** The infographic as one self-contained HTML page of exactly A4 (210 × 297 mm), for the screenshot and the PDF alike. */
export async function skmInfographicHtml(report: SkmReport, options: SkmDocumentOptions): Promise<string> {
  return renderDocument(['skm', 'infographic.ejs'], skmInfographicView(report, options), { lang: options.lang, selfContained: true });
}
