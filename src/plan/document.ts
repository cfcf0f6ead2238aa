import fs from 'node:fs';
import { translator, type Lang, type Translate } from '../i18n';
import { formatDecimal, formatLongDate, formatPercent, formatQuantity, formatRupiah, formatSigned } from '../i18n/format';
import { documentIdentity, type OrganisationProfile } from '../organisation/profile';
import { htmlToPdf } from '../report/pdf';
import { renderDocument } from '../report/render';
import type { PlanShow } from './show';
import { strategyMapSvg, strategyMapText, type ObjectiveStatus, type StrategyMapInput, type StrategyMapLabels } from './strategy-map';

/**
 * The strategy document: the whole plan as one presentable file (cover, vision and mission,
 * leadership aspirations, situation analysis and TOWS matrix, strategy map, objectives and their
 * indicators, the action-plan matrix, the signature block). Built from the plan's read model
 * (`showPlan`) only; every figure is formatted here, so the views hold nothing but loops and ifs.
 */

/** A text with the language it is written in: the English document falls back to the Indonesian text, marked as such. */
export interface LocalText {
  text: string;
  lang: Lang;
}

type SwotKind = 'strength' | 'weakness' | 'opportunity' | 'threat';
type Quadrant = PlanShow['strategy_options'][number]['quadrant'];

export interface DocumentView {
  lang: Lang;
  title: string;
  cover: { organisation: string; organisationGiven: boolean; logo: { src: string; alt: string } | null; planName: string; period: string; date: string; basis: string };
  direction: { vision: LocalText | null; mission: LocalText[]; values: LocalText[] };
  aspirations: {
    interviews: { name: string; position: string; date: string; themes: number }[];
    perspectives: { code: string; name: string; heading: string; themes: number; interviews: number; items: { text: string; who: string }[] }[];
    unassigned: { text: string; who: string }[];
  };
  situation: {
    internal: { kind: 'strength' | 'weakness'; heading: string; empty: string; rows: { code: string; text: string; dimension: string | null; score: string; target: string; gap: string; gapBelow: boolean; interval: string }[] }[];
    external: { kind: 'opportunity' | 'threat'; heading: string; empty: string; rows: { code: string; text: string }[] }[];
  };
  tows: { any: boolean; cells: Record<Quadrant, { heading: string; options: { code: string; text: string; factors: string }[] }> };
  map: { svg: string | null; links: string[]; unlinked: string | null };
  objectives: {
    code: string;
    name: string;
    objectives: { code: string; name: LocalText; description: string; dimensions: string[]; strategies: string; indicators: { code: string; name: string; target: string; unit: string }[] }[];
  }[];
  actions: {
    groups: {
      perspective: string;
      rows: {
        objective: string;
        indicator: string;
        target: string;
        due: string;
        title: string;
        description: string;
        pic: string;
        members: string;
        quarters: boolean[];
        budget: string;
        status: string;
        statusKey: PlanShow['actions'][number]['status'];
        statusNote: string;
      }[];
    }[];
    total: string;
    asOf: string;
  };
  signature: { place: string; date: string; position: string; name: string; nip: string };
}

const SWOT_LETTER: Record<SwotKind, string> = { strength: 'S', weakness: 'W', opportunity: 'O', threat: 'T' };
const QUADRANTS: Quadrant[] = ['SO', 'WO', 'ST', 'WT'];

/** A target or a count as written in a plan: whole numbers without decimals (80), others with up to two (60,5). */
function localText(own: string, indonesian: string, lang: Lang): LocalText | null {
  if (own) return { text: own, lang };
  if (indonesian) return { text: indonesian, lang: 'id' };
  return null;
}

function localLines(own: string[], indonesian: string[], lang: Lang): LocalText[] {
  return own.length > 0 ? own.map((text) => ({ text, lang })) : indonesian.map((text) => ({ text, lang: 'id' as const }));
}

/** "S1", "W2", …: the factor codes the TOWS matrix cites, numbered in the order the situation analysis lists them. */
function factorCodes(show: PlanShow): Map<number, string> {
  const codes = new Map<number, string>();
  for (const kind of Object.keys(SWOT_LETTER) as SwotKind[]) {
    show.situation[kind].forEach((entry, index) => codes.set(entry.id, `${SWOT_LETTER[kind]}${index + 1}`));
  }
  return codes;
}

function objectiveName(objective: PlanShow['objectives'][number], lang: Lang): LocalText {
  return lang === 'en' && objective.name_en ? { text: objective.name_en, lang: 'en' } : { text: objective.name, lang: 'id' };
}

function mapLabels(t: Translate): StrategyMapLabels {
  return {
    leadsTo: t('plan.document.leads_to'),
    status: { red: t('plan.document.objective_status.red'), yellow: t('plan.document.objective_status.yellow'), green: t('plan.document.objective_status.green') },
    noObjectives: t('plan.document.map_no_objectives'),
  };
}

/** Objective statuses from a measurement of the plan (the evaluation of a period); none = the plan's own. */
export type MeasuredStatuses = { objectives: readonly { id: number; status: ObjectiveStatus | null }[] } | null | undefined;

function mapInput(show: PlanShow, lang: Lang, t: Translate, measured?: MeasuredStatuses): StrategyMapInput {
  const status = new Map((measured?.objectives ?? []).map((objective) => [objective.id, objective.status]));
  return {
    title: t('plan.document.map_svg_title', { name: show.name }),
    perspectives: show.perspectives.map((perspective) => ({ code: perspective.code, name: perspective.name })),
    objectives: show.objectives.map((objective) => ({ id: objective.id, code: objective.code, name: objectiveName(objective, lang).text, perspective: objective.perspective, status: status.get(objective.id) ?? objective.status })),
    links: show.links.map((link) => ({ cause: link.cause_id, effect: link.effect_id })),
  };
}

/** The strategy map of a plan, drawn and as text (one line per link): for the document and the plan page alike. */
export function strategyMapFor(show: PlanShow, lang: Lang, measured?: MeasuredStatuses): { svg: string; text: ReturnType<typeof strategyMapText> } {
  const t = translator(lang);
  const input = mapInput(show, lang, t, measured);
  const labels = mapLabels(t);
  return { svg: strategyMapSvg(input, labels), text: strategyMapText(input, labels) };
}

/** Every section of the document as formatted strings. */
export function strategyDocumentView(show: PlanShow, options: { lang: Lang; generatedOn: string; organisation?: OrganisationProfile | null }): DocumentView {
  const { lang } = options;
  const t = translator(lang);
  const perspectiveName = new Map(show.perspectives.map((perspective) => [perspective.code, perspective.name]));
  const codes = factorCodes(show);

  const themed = show.aspirations.flatMap((interview) => interview.themes.map((theme) => ({ theme, who: interview.interviewee })));
  const aspirations: DocumentView['aspirations'] = {
    interviews: show.aspirations.map((interview) => ({ name: interview.interviewee, position: interview.position, date: formatLongDate(interview.interviewed_on, lang), themes: interview.themes.length })),
    perspectives: show.aspiration_summary.map((summary) => {
      const name = perspectiveName.get(summary.perspective) ?? summary.perspective;
      return {
        code: summary.perspective,
        name,
        heading: t('plan.document.themes_heading', { perspective: name, themes: summary.themes, interviews: summary.interviews }),
        themes: summary.themes,
        interviews: summary.interviews,
        items: themed.filter((item) => item.theme.perspectives.includes(summary.perspective)).map((item) => ({ text: item.theme.text, who: item.who })),
      };
    }),
    unassigned: themed.filter((item) => item.theme.perspectives.length === 0).map((item) => ({ text: item.theme.text, who: item.who })),
  };

  const internal = (['strength', 'weakness'] as const).map((kind) => ({
    kind,
    heading: t(kind === 'strength' ? 'plan.document.strengths' : 'plan.document.weaknesses'),
    empty: t(kind === 'strength' ? 'plan.document.strengths_empty' : 'plan.document.weaknesses_empty'),
    rows: show.situation[kind].map((entry) => {
      const figures = entry.dimension;
      return {
        code: codes.get(entry.id) ?? '',
        text: entry.text,
        dimension: figures ? figures.name : null,
        score: figures ? formatDecimal(figures.mean, lang) : '—',
        target: figures ? formatDecimal(figures.target, lang) : '—',
        gap: figures ? formatSigned(figures.gap, lang) : '—',
        gapBelow: figures !== null && figures.gap !== null && figures.gap < 0,
        interval: figures && figures.ci95_low !== null && figures.ci95_high !== null ? `${formatDecimal(figures.ci95_low, lang)}–${formatDecimal(figures.ci95_high, lang)}` : '—',
      };
    }),
  }));
  const external = (['opportunity', 'threat'] as const).map((kind) => ({
    kind,
    heading: t(kind === 'opportunity' ? 'plan.document.opportunities' : 'plan.document.threats'),
    empty: t(kind === 'opportunity' ? 'plan.document.opportunities_empty' : 'plan.document.threats_empty'),
    rows: show.situation[kind].map((entry) => ({ code: codes.get(entry.id) ?? '', text: entry.text })),
  }));

  const cells = Object.fromEntries(
    QUADRANTS.map((quadrant) => [
      quadrant,
      {
        heading: t(`plan.document.quadrant.${quadrant}`),
        options: show.strategy_options
          .filter((option) => option.quadrant === quadrant)
          .map((option) => ({
            code: option.code,
            text: option.text,
            factors: option.factor_ids
              .map((id) => codes.get(id))
              .filter((code): code is string => code !== undefined)
              .sort((a, b) => 'SWOT'.indexOf(a[0]) - 'SWOT'.indexOf(b[0]) || Number(a.slice(1)) - Number(b.slice(1)))
              .join(', '),
          })),
      },
    ]),
  ) as DocumentView['tows']['cells'];

  let map: DocumentView['map'] = { svg: null, links: [], unlinked: null };
  if (show.objectives.length > 0) {
    const drawn = strategyMapFor(show, lang);
    map = { svg: drawn.svg, links: drawn.text.links.map((link) => link.text), unlinked: drawn.text.unlinked.length ? t('plan.document.map_unlinked', { codes: drawn.text.unlinked.join('; ') }) : null };
  }

  const objectives = show.perspectives.map((perspective) => ({
    code: perspective.code,
    name: perspective.name,
    objectives: show.objectives
      .filter((objective) => objective.perspective === perspective.code)
      .map((objective) => ({
        code: objective.code,
        name: objectiveName(objective, lang),
        description: objective.description,
        dimensions: objective.dimensions.map((dimension) => t('plan.document.dimension_gap', { name: dimension.name, code: dimension.code, mean: formatDecimal(dimension.mean, lang), gap: formatSigned(dimension.gap, lang) })),
        strategies: objective.option_codes.join(', '),
        indicators: objective.indicators.map((indicator) => ({ code: indicator.code, name: indicator.name, target: formatQuantity(indicator.target, lang), unit: indicator.unit })),
      })),
  }));

  const objectiveById = new Map(show.objectives.map((objective) => [objective.id, objective]));
  const groups = show.perspectives
    .map((perspective) => ({
      perspective: perspective.name,
      rows: show.actions
        .filter((action) => action.perspective === perspective.code)
        .map((action) => {
          const objective = objectiveById.get(action.objective_id);
          const notes: string[] = [];
          if (action.status === 'cancelled') {
            if (action.cancelled_on) notes.push(formatLongDate(action.cancelled_on, lang));
            if (action.cancel_reason) notes.push(t('plan.document.cancelled_reason', { reason: action.cancel_reason }));
          } else if (action.progress !== null) notes.push(t('plan.document.progress', { percent: formatPercent(action.progress, lang, 0) }));
          const value = formatQuantity(action.target.value, lang);
          return {
            objective: objective ? `${objective.code} ${objectiveName(objective, lang).text}` : action.objective_code,
            indicator: action.target.indicator,
            target: [value, action.target.unit].filter(Boolean).join(' '),
            due: action.horizon === 'continuous' ? `${t('plan.document.continuous')}, ${t('plan.document.due', { date: formatLongDate(action.target.due_on, lang) })}` : t('plan.document.due', { date: formatLongDate(action.target.due_on, lang) }),
            title: action.title,
            description: action.description,
            pic: action.pic.name,
            members: action.members.length ? t('plan.document.members', { names: action.members.map((member) => member.name).join(', ') }) : '',
            quarters: [1, 2, 3, 4].map((quarter) => action.quarters.includes(quarter)),
            budget: action.budget === null ? '—' : formatRupiah(action.budget, lang),
            status: t(`plan.document.status.${action.status}`),
            statusKey: action.status,
            statusNote: notes.join(' · '),
          };
        }),
    }))
    .filter((group) => group.rows.length > 0);

  // The organisation profile stands in for what the plan leaves blank.
  const identity = documentIdentity(options.organisation, { organisation: show.organisation, signatory: show.signatory });
  const { organisation, signatory } = identity;
  return {
    lang,
    title: t('plan.document.html_title', { name: show.name }),
    cover: {
      organisation: organisation || t('plan.document.organisation_unknown'),
      organisationGiven: organisation !== '',
      logo: identity.logo ? { src: identity.logo, alt: organisation ? t('organisation.logo_alt', { name: organisation }) : t('organisation.logo_alt_unnamed') } : null,
      planName: show.name,
      period: t('plan.document.period', { period: show.period }),
      date: formatLongDate(options.generatedOn, lang),
      basis: show.diagnosis ? t('plan.document.basis', { round: show.diagnosis.round_name, respondents: show.diagnosis.respondents }) : t('plan.document.basis_none'),
    },
    direction: {
      vision: localText(lang === 'en' ? show.vision.en : show.vision.id, show.vision.id, lang),
      mission: localLines(lang === 'en' ? show.mission.en : show.mission.id, show.mission.id, lang),
      values: localLines(lang === 'en' ? show.values.en : show.values.id, show.values.id, lang),
    },
    aspirations,
    situation: { internal, external },
    tows: { any: show.strategy_options.length > 0, cells },
    map,
    objectives,
    actions: { groups, total: formatRupiah(show.totals.budget, lang), asOf: formatLongDate(show.as_of, lang) },
    signature: {
      place: signatory.place,
      date: formatLongDate(options.generatedOn, lang),
      position: signatory.position,
      name: signatory.name,
      nip: signatory.nip,
    },
  };
}

export interface StrategyDocumentOptions {
  lang: Lang;
  /** Stylesheet inlined under its own Content Security Policy, for the download and the PDF; otherwise linked, for the page. */
  selfContained: boolean;
  /** The document's date (YYYY-MM-DD), on the cover and beside the signature. */
  generatedOn: string;
  /** The installation's organisation profile: its name, head of unit and city where the plan gives none, and its logo on the cover. */
  organisation?: OrganisationProfile | null;
}

/** The strategy document as one HTML file; self-contained like the condition report (no script, no fetch, its stylesheet by hash). */
export async function strategyDocumentHtml(show: PlanShow, options: StrategyDocumentOptions): Promise<string> {
  return renderDocument(['plans', 'document.ejs'], strategyDocumentView(show, options), options);
}

/** The strategy document printed to an A4 PDF by Chromium, through the same path as the condition report. */
export async function strategyDocumentPdf(
  show: PlanShow,
  options: { lang: Lang; generatedOn: string; chromium: string; timeoutMs?: number; organisation?: OrganisationProfile | null },
): Promise<Buffer> {
  const html = await strategyDocumentHtml(show, { lang: options.lang, generatedOn: options.generatedOn, selfContained: true, organisation: options.organisation });
  return htmlToPdf(html, options.chromium, options.timeoutMs);
}
