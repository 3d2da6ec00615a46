// The guide's missing pieces in the browser (issue 13, part 2): the 14 days counted from the published start
// (R-SES-3), the "Type session" filter (R-LIST-TYPE-1), the kind of a convocation (R-INV-KIND-1), and the
// funder changing where a session takes place while the organisation is told to ask it (R-SES-7), a second
// contact person on a training (R-TRN-CONTACT-1), a trainee's outcome and the session's ratios (R-OUT-1..3).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { logIn } from '../lib/login.mjs';

const TRAINER = { email: 'formation@demo.tremplin.fr', password: 'DemoFormation2026!' };
const FUNDER = { email: 'financeur@demo.tremplin.fr', password: 'DemoFinanceur2026!' };
const COUNSELLOR = { email: 'conseiller@demo.tremplin.fr', password: 'DemoConseil2026!' };
const UPCOMING = '00512345';
const TRAINING = '202305156095';

const pad = (n) => String(n).padStart(2, '0');
function day(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return d;
}
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const french = (d) => `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;

let server;
let browser;

before(async () => {
  server = await startServer('guide-server');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A counsellor's application to UPCOMING, through the API; its reference. */
async function applyThroughApi() {
  const login = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(COUNSELLOR),
  });
  const { access_token: token } = await login.json();
  const res = await fetch(`${server.baseUrl}/api/sessions/${UPCOMING}/applications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      candidate: {
        last_name: 'Etcheverry', first_name: 'Maïa', birth_date: '1995-05-02', email: 'maia@exemple.fr',
        phone: '06 12 34 56 79', postcode: '24000', city: 'Périgueux', education_level: 'Niveau 3 (CAP, BEP)',
        last_diploma: 'CAP', employment_situation: 'Demandeur d’emploi',
      },
      presentation: 'Candidate motivée.',
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).reference;
}

async function openSession(page, reference) {
  await page.goto(`/sessions/${reference}`);
  await page.getByRole('heading', { name: `Session ${reference}` }).waitFor();
}

describe("the guide's missing pieces", () => {
  test('the session form names the last start the organisation may set, and who changes the place', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await openSession(page, UPCOMING);
    await page.getByText(`depuis la date publiée (${french(day(20))}), soit au plus tard le ${french(day(34))}`).waitFor();
    await page.getByText("Pour changer d'organisme formateur, d'organisme positionneur ou de lieu").waitFor();
    assert.equal(await page.getByLabel('Organisme formateur').count(), 0, 'the trainer is the funder’s');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('"Type session" filters the applications', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.getByRole('link', { name: 'Gestion des candidatures' }).click();
    await page.getByRole('heading', { name: 'Gestion des candidatures' }).waitFor();
    await page.getByRole('status').filter({ hasText: /candidature\(s\)/ }).waitFor();
    const filters = page.getByRole('search', { name: 'Filtrer les candidatures' });
    await filters.getByLabel('Type session').fill('modulaire');
    await filters.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.getByText('Aucune candidature ne correspond.').waitFor();
    await filters.getByLabel('Type session').fill('simple');
    await filters.getByRole('button', { name: 'Appliquer les filtres' }).click();
    await page.getByRole('status').filter({ hasText: /candidature\(s\)/ }).waitFor();
    await filters.getByLabel('Type session').fill('SIMPLE%');
    await page.getByText('Le type de session doit être un code').waitFor();
    await screenshot(page, '90', 'filtre-type-session');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a convocation is an information collective or an interview', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    const reference = await applyThroughApi();
    await page.goto(`/candidatures/${reference}`);
    const first = page.getByRole('group', { name: 'Convocation 1', exact: true });
    const kind = first.getByLabel('Type de rendez-vous');
    assert.equal(await kind.inputValue(), 'interview', 'an interview unless told otherwise');
    await kind.selectOption({ label: 'Information collective' });
    await first.getByLabel('Date du rendez-vous').fill(iso(day(-1)));
    await first.getByLabel('Présence').check();
    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByRole('status').filter({ hasText: 'Le brouillon de l’avis a été enregistré.' }).waitFor();
    await page.reload();
    const saved = page.getByRole('group', { name: 'Convocation 1', exact: true }).getByLabel('Type de rendez-vous');
    await saved.waitFor();
    assert.equal(await saved.inputValue(), 'information_collective');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the organisation adds a second contact person to its training', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.goto(`/formations/${TRAINING}`);
    await page.getByLabel('Nom du contact').fill('Camille Laborde');
    await page.getByLabel('Téléphone du contact').fill('05 53 00 00 01');
    await page.getByLabel('Courriel du contact').fill('camille@forma.example');
    const second = page.getByRole('group', { name: 'Personne contact 2' });
    await second.getByLabel('Nom').fill('Luc Bordes');
    await second.getByLabel('Téléphone').fill('05 53 00 00 02');
    await second.getByLabel('Courriel').fill('luc@');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('dialog', { name: 'Validez vos modifications' }).getByRole('button', { name: /Confirmer/ }).click();
    await page.getByText("Personne contact n° 2 : l'adresse e-mail est invalide.").first().waitFor();
    await second.getByLabel('Courriel').fill('luc@forma.example');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByRole('dialog', { name: 'Validez vos modifications' }).getByRole('button', { name: /Confirmer/ }).click();
    await page.getByRole('status').filter({ hasText: 'Vos modifications ont été enregistrées.' }).waitFor();
    await page.reload();
    assert.equal(await page.getByRole('group', { name: 'Personne contact 2' }).getByLabel('Nom').inputValue(), 'Luc Bordes');
    await screenshot(page, '92', 'personnes-contact');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the organisation records a trainee's outcome; the ratios follow", async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await openSession(page, '00498765');
    const section = page.getByRole('region', { name: 'Ratio suite de parcours' });
    const choice = section.getByLabel(/^Suite de parcours, candidature/).first();
    await choice.selectOption({ label: 'Alternance' });
    const positive = section.locator('.facts div', { hasText: 'Sorties positives' });
    await positive.getByText(/^1 \(/).waitFor();
    await page.reload();
    const kept = page.getByRole('region', { name: 'Ratio suite de parcours' }).getByLabel(/^Suite de parcours, candidature/).first();
    await kept.waitFor();
    assert.equal(await kept.inputValue(), 'work_study');
    await screenshot(page, '93', 'ratio-suite-de-parcours');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the funder reads the outcomes across its sessions', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, FUNDER);
    await page.getByRole('link', { name: 'Suites de parcours' }).click();
    await page.getByRole('heading', { name: 'Suites de parcours', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /00498765/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /1 \(/, 'the work-study exit recorded above');
    await screenshot(page, '94', 'suites-de-parcours-financeur');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the funder moves the session to another commune', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, FUNDER);
    await openSession(page, UPCOMING);
    await page.getByRole('group', { name: 'Organismes et lieu' }).waitFor();
    await page.getByLabel('Département').fill('47');
    await page.getByLabel('Commune', { exact: true }).fill('Agen');
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    const dialog = page.getByRole('dialog', { name: 'Validez vos modifications' });
    await dialog.getByRole('button', { name: /Confirmer/ }).click();
    await page.getByRole('status').filter({ hasText: 'La session a été enregistrée.' }).waitFor();
    await page.reload();
    assert.equal(await page.getByLabel('Commune', { exact: true }).inputValue(), 'Agen');
    assert.equal(await page.getByLabel('Département').inputValue(), '47');
    await screenshot(page, '91', 'session-lieu-financeur');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
