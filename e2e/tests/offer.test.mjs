// Offer management in the browser: enrich a training, locked fields, certification awaiting validation,
// session calendar rules (R-SES-3, R-SES-4), the stale-save refusal (412), the platform's review.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkA11y } from '../lib/a11y.mjs';
import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { logIn } from '../lib/login.mjs';

const TRAINER = { email: 'formation@demo.tremplin.fr', password: 'DemoFormation2026!', fullName: 'Camille Laborde' };
const ADMIN = { email: 'admin@demo.tremplin.fr', password: 'DemoAdmin2026!' };
const TRAINING = '202305156095';
const UPCOMING = '00512345';

const pad = (n) => String(n).padStart(2, '0');
/** The day `offset` days from today (the demo data is dated from the day the server starts). */
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
  server = await startServer('offer-server');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Clicks "Enregistrer", then the confirmation dialog's button. */
async function saveAndConfirm(page) {
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
  const dialog = page.getByRole('dialog', { name: 'Validez vos modifications' });
  await dialog.waitFor();
  return dialog;
}

async function openSession(page, reference) {
  await page.goto(`/sessions/${reference}`);
  await page.getByRole('heading', { name: `Session ${reference}` }).waitFor();
}

describe('offer management', () => {
  test('the trainer enriches a training; locked fields are greyed with who can change them', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.getByRole('link', { name: 'Gestion des formations' }).click();
    await page.getByRole('heading', { name: 'Gestion des formations' }).waitFor();
    const published = page.getByRole('link', { name: /^Publiées \[1\]/ });
    assert.equal(await published.getAttribute('aria-current'), 'page');
    const row = page.getByRole('row', { name: new RegExp(TRAINING) });
    assert.match((await row.textContent()) ?? '', /N° de marché : POECCONSTRUCT18-0723/);
    assert.equal(await page.getByText('Mécanicien de Maintenance Automobile').count(), 0, 'another organisation\u2019s training stays hidden');
    await screenshot(page, '10', 'gestion-des-formations');
    await checkA11y(page, 'gestion-des-formations');

    await page.getByRole('link', { name: `Modifier la formation ${TRAINING}` }).click();
    await page.getByRole('heading', { name: /Chauffeur-Livreur-Magasinier/ }).waitFor();

    // R-TRN-2: the title is locked, with a visible explanation tied to the field.
    const title = page.getByLabel('Intitulé');
    assert.ok(await title.isDisabled(), 'Intitulé is disabled');
    const help = await title.evaluate((el) =>
      (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    assert.match(help, /Modifiable uniquement par le financeur \(France Travail ou l'OPCO\) ou la plateforme/);
    assert.match((await title.getAttribute('title')) ?? '', /Modifiable uniquement par le financeur/);
    assert.ok(await page.getByLabel('N° de marché').isDisabled());
    await screenshot(page, '11', 'formulaire-formation');
    await checkA11y(page, 'formulaire-formation');

    const highlight = 'Plateau technique de 800 m² et chariots de chantier sur site.';
    await page.getByLabel('Le + de cette formation').fill(highlight);
    const dialog = await saveAndConfirm(page);
    assert.match((await dialog.textContent()) ?? '', /Le \+ de cette formation/);
    await screenshot(page, '12', 'formation-confirmation');
    await checkA11y(page, 'formation-confirmation');
    await dialog.getByRole('button', { name: /Confirmer/ }).click();
    await page.getByRole('status').filter({ hasText: 'Vos modifications ont été enregistrées.' }).waitFor();
    assert.equal(await page.getByLabel('Le + de cette formation').inputValue(), highlight);

    await page.getByText('Historique des modifications').click();
    const history = page.getByRole('row', { name: /Le \+ de cette formation/ });
    await history.waitFor();
    assert.match((await history.textContent()) ?? '', /Camille Laborde/);
    await screenshot(page, '13', 'formation-enregistree-historique');
    await checkA11y(page, 'formation-enregistree-historique');

    // R-TRN-3: a certification change waits for the platform; the published value stays.
    await page.getByLabel('Certification / diplôme préparé').fill('CACES R489 catégories 1A, 3, 5 et 7');
    await (await saveAndConfirm(page)).getByRole('button', { name: /Confirmer/ }).click();
    // The history is open and lists the change too: look at the note under the field.
    await page.locator('.status-note').filter({ hasText: 'En attente de validation : CACES R489 catégories 1A, 3, 5 et 7' }).waitFor();
    assert.equal(await page.getByLabel('Certification / diplôme préparé').inputValue(), 'CACES R489 catégories 1A, 3 et 5');
    await screenshot(page, '14', 'certification-en-attente');
    await checkA11y(page, 'certification-en-attente');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the platform approves the certification awaiting validation', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, ADMIN);
    await page.goto('/formations?onglet=awaiting_validation');
    await page.getByRole('link', { name: `Modifier la formation ${TRAINING}` }).click();
    await page.getByText('En attente de validation : CACES R489 catégories 1A, 3, 5 et 7').waitFor();
    await screenshot(page, '15', 'plateforme-validation');
    await checkA11y(page, 'plateforme-validation');
    await page.getByRole('button', { name: 'Valider la certification proposée' }).click();
    await page.getByRole('status').filter({ hasText: 'validée et publiée' }).waitFor();
    assert.equal(await page.getByLabel('Certification / diplôme préparé').inputValue(), 'CACES R489 catégories 1A, 3, 5 et 7');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the trainer postpones a session by 7 days, not by 20, and aligns the late-entry deadline', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.goto(`/formations/${TRAINING}`);
    await page.getByRole('heading', { name: 'Sessions de formation' }).waitFor();
    await page.getByLabel('Filtrer les sessions').fill('Annulée');
    assert.equal(await page.getByRole('link', { name: /Modifier la session/ }).count(), 1);
    await page.getByLabel('Filtrer les sessions').fill('');
    await screenshot(page, '20', 'sessions-de-la-formation');
    await checkA11y(page, 'sessions-de-la-formation');
    await page.getByRole('link', { name: `Modifier la session ${UPCOMING}` }).click();
    await page.getByRole('heading', { name: `Session ${UPCOMING}` }).waitFor();
    assert.equal(await page.getByLabel('Date de début').inputValue(), french(day(20)));
    assert.ok(await page.getByLabel('Date de fin').isDisabled(), 'the end date belongs to the funder');
    await page.getByText('On pourra préinscrire au maximum (coefficient × capacité d\'accueil) : 24').waitFor();
    await page.getByLabel('Commentaires sur la session').fill('Recrutement ouvert');
    await page.getByText('18 / 600').waitFor();
    await screenshot(page, '21', 'formulaire-session');
    await checkA11y(page, 'formulaire-session');

    // R-SES-3: postponing by 7 days is the organisation's call; the warning comes back.
    await page.getByLabel('Date de début').fill(french(day(27)));
    const dialog = await saveAndConfirm(page);
    assert.match((await dialog.textContent()) ?? '', new RegExp(`${french(day(20))} → ${french(day(27))}`));
    await dialog.getByRole('button', { name: /Confirmer/ }).click();
    const saved = page.getByRole('status').filter({ hasText: 'La session a été enregistrée.' });
    await saved.waitFor();
    assert.match((await saved.textContent()) ?? '', /Attention : tout changement peut avoir une incidence/);
    await screenshot(page, '22', 'session-repoussee-7-jours');
    await checkA11y(page, 'session-repoussee-7-jours');

    // 20 more days: refused, the funder must do it.
    await page.getByLabel('Date de début').fill(french(day(47)));
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'financeur (France Travail ou l\'OPCO)' });
    await refusal.waitFor();
    assert.match((await refusal.textContent()) ?? '', /14 jours au plus/);
    await screenshot(page, '23', 'session-report-20-jours-refuse');
    await checkA11y(page, 'session-report-20-jours-refuse');

    // R-SES-4: a registration deadline after the late-entry deadline brings up the pop-up.
    await page.reload();
    await page.getByRole('heading', { name: `Session ${UPCOMING}` }).waitFor();
    assert.equal(await page.getByLabel('Date de début').inputValue(), french(day(27)));
    await page.getByLabel("Date limite d'inscription").fill(french(day(30)));
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    const popup = page.getByRole('dialog', { name: "Date limite d'entrée tardive à reporter" });
    await popup.waitFor();
    await screenshot(page, '24', 'pop-up-entree-tardive');
    await checkA11y(page, 'pop-up-entree-tardive');
    await popup.getByRole('button', { name: `Reporter au ${french(day(30))}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Validez vos modifications' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: /Confirmer/ }).click();
    await page.getByRole('status').filter({ hasText: 'La session a été enregistrée.' }).waitFor();
    assert.equal(await page.getByLabel("Date limite d'entrée tardive", { exact: true }).inputValue(), french(day(30)));
    await page.getByText('Historique des modifications').click();
    await page.getByRole('row', { name: /Date limite d'entrée tardive/ }).waitFor();
    await screenshot(page, '25', 'session-dates-limites-enregistrees');
    await checkA11y(page, 'session-dates-limites-enregistrees');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a second user saving a stale session is refused and offered a reload', async () => {
    const first = await newPage(browser, server.baseUrl);
    const second = await newPage(browser, server.baseUrl);
    for (const { page } of [first, second]) {
      await logIn(page, TRAINER);
      await openSession(page, UPCOMING);
    }
    await first.page.getByLabel('Commentaires sur la session').fill('Places disponibles');
    await (await saveAndConfirm(first.page)).getByRole('button', { name: /Confirmer/ }).click();
    await first.page.getByRole('status').filter({ hasText: 'La session a été enregistrée.' }).waitFor();

    await second.page.getByLabel("Capacité d'accueil").fill('14');
    await second.page.getByText('On pourra préinscrire au maximum (coefficient × capacité d\'accueil) : 28').waitFor();
    await (await saveAndConfirm(second.page)).getByRole('button', { name: /Confirmer/ }).click();
    await second.page.getByRole('alert').filter({ hasText: 'modifiée entre-temps par quelqu\'un d\'autre' }).waitFor();
    await screenshot(second.page, '30', 'session-modifiee-entre-temps');
    await second.page.getByRole('button', { name: 'Recharger la session' }).click();
    await second.page.getByRole('status').filter({ hasText: 'rechargée' }).waitFor();
    assert.equal(await second.page.getByLabel('Commentaires sur la session').inputValue(), 'Places disponibles');
    await screenshot(second.page, '31', 'session-rechargee');
    assert.deepEqual(first.errors, []);
    assert.deepEqual(second.errors, []);
    await first.context.close();
    await second.context.close();
  });
});
