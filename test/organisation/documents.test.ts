import { evaluationDocumentHtml } from '../../src/monitoring/document';
import { loadOrganisation, saveOrganisation, setLogo, type OrganisationProfile } from '../../src/organisation/profile';
import { strategyDocumentHtml } from '../../src/plan/document';
import { createPlan } from '../../src/plan/service';
import { showPlan } from '../../src/plan/show';
import { createTestApp, freshDb, loggedIn } from '../helpers';
import { emptyEvaluationFixture, evaluationFixture } from '../monitoring/evaluation-fixture';
import { documentedShow } from '../plan/document-fixtures';
import { NOW, REPORT_SETTINGS } from '../plan/fixtures';
import { PROFILE_INPUT, svgImage } from './fixtures';

function profileWithLogo(): OrganisationProfile {
  const db = freshDb();
  saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
  setLogo(db, svgImage(), NOW, 'admin');
  return loadOrganisation(db);
}

/** The text of one section, from its heading to the next section. */
function section(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const end = page.indexOf('<section', start);
  return page.slice(start, end === -1 ? undefined : end);
}

const LOGO_SRC = `data:image/svg+xml;base64,${svgImage().toString('base64')}`;

describe('the strategy document and the organisation profile', () => {
  function blankPlan() {
    const db = freshDb();
    const planId = createPlan(db, { name: 'Rencana Tanpa Identitas', organisation: '', start_year: '2027' }, NOW, 'planner');
    return showPlan(db, planId, { asOf: '2027-01-10', lang: 'id', report: REPORT_SETTINGS });
  }

  it('of a plan without organisation or signatory shows the profile\'s name, head of unit and city, and its logo on the cover', async () => {
    const page = await strategyDocumentHtml(blankPlan(), { lang: 'id', selfContained: true, generatedOn: '2027-01-10', organisation: profileWithLogo() });
    expect(page).toContain('<p class="doc-organisation">Direktorat Pengembangan Sistem</p>');
    expect(page).not.toContain('Organisasi belum diisi');
    const signature = section(page, 'doc-signature-h');
    expect(signature).toContain('Jakarta, 10 Januari 2027');
    expect(signature).toContain('Direktur Pengembangan Sistem');
    expect(signature).toContain('Dr. Uji Coba, M.Si.');
    expect(signature).toContain('NIP 197001011995031001');
    expect(page).toContain(`<img class="doc-logo" src="${LOGO_SRC}" alt="Logo Direktorat Pengembangan Sistem">`);
    // The file's own policy lets that image show, and nothing from elsewhere.
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; img-src data:;/);
  });

  it('keeps the plan\'s own organisation and signatory where it gives them', async () => {
    const page = await strategyDocumentHtml(documentedShow(freshDb()), { lang: 'id', selfContained: true, generatedOn: '2027-01-10', organisation: profileWithLogo() });
    expect(page).toContain('<p class="doc-organisation">Direktorat Contoh</p>');
    const signature = section(page, 'doc-signature-h');
    expect(signature).toContain('Dr. Siti Rahmawati, M.Si.');
    expect(signature).toContain('NIP 197501012000032001');
    expect(signature).not.toContain('Uji Coba');
  });

  it('without a profile stays as it was: the organisation said to be missing, lines to sign on, no image', async () => {
    const page = await strategyDocumentHtml(blankPlan(), { lang: 'id', selfContained: true, generatedOn: '2027-01-10', organisation: loadOrganisation(freshDb()) });
    expect(page).toContain('Organisasi belum diisi');
    expect(page).not.toContain('<img');
    expect(section(page, 'doc-signature-h')).toContain('NIP <span class="doc-blank">');
  });

  it('is downloaded from the plan with the installation\'s profile', async () => {
    const { app, db } = createTestApp();
    const planId = createPlan(db, { name: 'Rencana Tanpa Identitas', organisation: '', start_year: '2027' }, NOW, 'planner');
    saveOrganisation(db, PROFILE_INPUT, NOW, 'admin');
    const { agent } = await loggedIn(app, db, 'viewer');
    for (const address of [`/plans/${planId}/document`, `/plans/${planId}/document.html`]) {
      const response = await agent.get(address);
      expect(response.status).toBe(200);
      expect(response.text).toContain('Direktorat Pengembangan Sistem');
      expect(response.text).toContain('NIP 197001011995031001');
    }
  });
});

describe('the evaluation report and the organisation profile', () => {
  it('of a plan without organisation or signatory shows the profile\'s, and its logo on the cover', async () => {
    const page = await evaluationDocumentHtml(emptyEvaluationFixture(), { lang: 'id', selfContained: true, generatedOn: '2027-07-05', organisation: profileWithLogo() });
    expect(page).toContain('<p class="ev-organisation">Direktorat Pengembangan Sistem</p>');
    expect(page).toContain(`<img class="ev-logo" src="${LOGO_SRC}" alt="Logo Direktorat Pengembangan Sistem">`);
    const signature = section(page, 'ev-signature-h');
    expect(signature).toContain('Jakarta, 5 Juli 2027');
    expect(signature).toContain('Dr. Uji Coba, M.Si.');
    expect(signature).toContain('NIP 197001011995031001');
    expect(page).toContain("img-src data:;");
  });

  it('keeps the plan\'s own where it gives them, with the profile\'s logo', async () => {
    const page = await evaluationDocumentHtml(evaluationFixture(), { lang: 'en', selfContained: true, generatedOn: '2027-07-05', organisation: profileWithLogo() });
    expect(page).toContain('<p class="ev-organisation">Direktorat Contoh</p>');
    expect(page).toContain('alt="Logo of Direktorat Contoh"');
    expect(section(page, 'ev-signature-h')).toContain('Dr. Siti Rahmawati, M.Si.');
  });
});
