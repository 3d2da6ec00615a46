// The web app as staff use it all day (issue 14): French date fields, a keyboard-only journey with visible
// focus, lists remembered in the address and in the browser, an expired session that returns to its page,
// and every main page at 360 and 1280 px wide, each checked by axe-core.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkA11y } from '../lib/a11y.mjs';
import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { startServer } from '../lib/server.mjs';
import { logIn } from '../lib/login.mjs';

const TRAINER = { email: 'formation@demo.tremplin.fr', password: 'DemoFormation2026!' };
const COUNSELLOR = { email: 'conseiller@demo.tremplin.fr', password: 'DemoConseil2026!' };
const UPCOMING = '00512345';
const RUNNING = '00509908';

const pad = (n) => String(n).padStart(2, '0');
/** The day `offset` days from today, written the French way (jj/mm/aaaa). */
function frenchDay(offset) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

let server;
let browser;

before(async () => {
  server = await startServer('webapp-server');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Applies a candidate to the upcoming session through the API, as a counsellor. */
async function applyThroughApi(lastName, firstName) {
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
        last_name: lastName, first_name: firstName, birth_date: '1990-01-15', email: `${firstName.toLowerCase()}@exemple.fr`,
        phone: '06 12 34 56 78', postcode: '24000', city: 'Périgueux', education_level: 'Niveau 3 (CAP, BEP)',
        last_diploma: 'CAP', employment_situation: 'Demandeur d’emploi',
      },
      presentation: 'Candidat motivé.',
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).reference;
}

/** The application as the API gives it to the logged-in page (its token and organisation). */
function readApplication(page, reference) {
  return page.evaluate(async (ref) => {
    const res = await fetch(`/api/applications/${ref}`, {
      headers: {
        authorization: `Bearer ${localStorage.getItem('tremplin.token')}`,
        'x-organisation-id': localStorage.getItem('tremplin.org') ?? '',
      },
    });
    return res.json();
  }, reference);
}

/** Whether the focused element shows a focus ring (an outline or a box shadow). */
function focusIsVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
  });
}

/** Presses Tab until `target` has focus, checking at every stop that the focus can be seen. */
async function tabTo(page, target, { max = 80, back = false } = {}) {
  if (await target.evaluate((el) => el === document.activeElement)) return;
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    // <body> is where Tab leaves the page (or a modal dialog) for the browser's own controls.
    const onBody = await page.evaluate(() => document.activeElement === document.body);
    assert.ok(onBody || (await focusIsVisible(page)), `focus visible on ${focused}`);
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  assert.fail(`Tab never reached ${target}`);
}

/** Tabs into a radio group, then moves with the arrows (which check) until `label` is checked. */
async function chooseRadio(page, group, label) {
  const wanted = group.getByLabel(label, { exact: true });
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await group.evaluate((g) => g.contains(document.activeElement) && document.activeElement.type === 'radio')) break;
  }
  for (let i = 0; i < 4 && !(await wanted.isChecked()); i += 1) await page.keyboard.press('ArrowRight');
  assert.ok(await wanted.isChecked(), `${label} chosen with the keyboard`);
}

describe('web app (issue 14)', () => {
  test('a French date field: 05/12/2026 typed is saved as 2026-12-05; the calendar starts on Monday', async () => {
    const reference = await applyThroughApi('Delmas', 'Aurore');
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.goto(`/candidatures/${reference}`);
    const first = page.getByRole('group', { name: 'Convocation 1', exact: true });
    const field = first.getByLabel('Date du rendez-vous');
    await field.waitFor();
    assert.equal(await field.getAttribute('placeholder'), 'jj/mm/aaaa');
    await checkA11y(page, 'fiche candidature');

    // A refused text says the expected format, tied to the field.
    await field.fill('12/2026');
    await field.press('Tab');
    const error = first.getByText('Saisissez la date au format jj/mm/aaaa');
    await error.waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.split(' ').includes(await error.getAttribute('id')), 'the error describes the field');
    await checkA11y(page, 'date refusée');

    await field.fill('05/12/2026');
    // The calendar shows the typed day, weeks from Monday.
    await first.getByRole('button', { name: 'Choisir dans le calendrier' }).click();
    const calendar = first.getByRole('dialog', { name: 'décembre 2026' });
    await calendar.waitFor();
    const days = await calendar.locator('thead th').allTextContents();
    assert.deepEqual(days, ['lu', 'ma', 'me', 'je', 've', 'sa', 'di']);
    assert.equal(await calendar.getByRole('button', { name: '5 décembre 2026, date choisie' }).count(), 1);
    assert.equal(await calendar.locator('tbody tr').first().locator('button').first().textContent(), '30');
    await screenshot(page, '70', 'calendrier');
    await checkA11y(page, 'calendrier ouvert');
    await page.keyboard.press('Escape');
    assert.equal(await calendar.count(), 0, 'Escape closes the calendar');
    assert.ok(await field.evaluate((el) => el === document.activeElement), 'focus back in the field');

    await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await page.getByRole('status').filter({ hasText: 'Le brouillon de l’avis a été enregistré.' }).waitFor();
    await checkA11y(page, 'brouillon enregistré (toast)');
    const saved = await readApplication(page, reference);
    assert.equal(saved.decision.draft.invites[0].date, '2026-12-05');
    await page.reload();
    assert.equal(await page.getByRole('group', { name: 'Convocation 1', exact: true }).getByLabel('Date du rendez-vous').inputValue(), '05/12/2026');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('keyboard only: log in, find an application, two invites and a recruitment, validate', async () => {
    const reference = await applyThroughApi('Clavier', 'Basile');
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.goto('/connexion');
    await tabTo(page, page.getByLabel('Adresse e-mail'));
    await page.keyboard.type(TRAINER.email);
    await tabTo(page, page.getByLabel('Mot de passe'));
    await page.keyboard.type(TRAINER.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();

    await tabTo(page, page.getByRole('link', { name: 'Gestion des candidatures' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Gestion des candidatures', level: 1 }).waitFor();
    const search = page.locator('#gestion-texte');
    await tabTo(page, search);
    await page.keyboard.type('Clavier');
    await page.keyboard.press('Enter');
    const open = page.getByRole('link', { name: `Ouvrir la candidature ${reference}` });
    await open.waitFor();
    await tabTo(page, open);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`Candidature ${reference}`) }).waitFor();

    const first = page.getByRole('group', { name: 'Convocation 1', exact: true });
    await tabTo(page, first.getByLabel('Date du rendez-vous'));
    await page.keyboard.type(frenchDay(-1));
    await chooseRadio(page, first, 'Absence justifiée');
    await tabTo(page, page.getByRole('button', { name: 'Ajouter une convocation' }));
    await page.keyboard.press('Enter');
    const second = page.getByRole('group', { name: 'Convocation 2', exact: true });
    // The app moves the focus to the new convocation's date (the button is gone).
    await page.waitForFunction(() => document.activeElement?.id === 'convocation-2-date');
    await page.keyboard.type(frenchDay(0));
    await chooseRadio(page, second, 'Présence');
    await chooseRadio(page, page.getByRole('group', { name: 'Recrutement accepté ?' }), 'Oui');
    await tabTo(page, page.getByLabel("Date d'entrée en formation"));
    await page.keyboard.type(frenchDay(20));
    await tabTo(page, page.getByLabel('Date de sortie de formation'));
    await page.keyboard.type(frenchDay(90));
    await tabTo(page, page.getByLabel('Intensité hebdomadaire (heures)'));
    await page.keyboard.type('20');
    await screenshot(page, '71', 'parcours-clavier-avis');
    await checkA11y(page, 'avis saisi au clavier');

    await tabTo(page, page.getByRole('button', { name: "Valider l'avis" }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Valider l’avis sur la candidature' });
    await dialog.waitFor();
    await checkA11y(page, 'confirmation de validation');
    await tabTo(page, dialog.getByRole('button', { name: 'Valider définitivement' }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'L’avis a été validé : candidature « Retenue ».' }).waitFor();
    await checkA11y(page, 'avis validé');
    const saved = await readApplication(page, reference);
    assert.equal(saved.state, 'retained');
    assert.equal(saved.decision.draft.invites.length, 2);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a list keeps its filters in the address and its columns in the browser', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.goto('/candidatures');
    await page.getByRole('row', { name: /^Formateur/ }).waitFor();
    await page.getByLabel('Etat candidatures').selectOption({ label: 'En attente' });
    await page.getByRole('button', { name: 'Appliquer les filtres' }).first().click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('c.state') === 'pending');
    await page.getByLabel('Afficher').first().selectOption('25');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('c.per_page') === '25');
    await page.getByText('Colonnes affichées').first().click();
    await page.getByLabel('Prescripteur', { exact: true }).uncheck();
    assert.equal(await page.getByRole('columnheader', { name: 'Prescripteur' }).count(), 0);
    await checkA11y(page, 'liste filtrée, colonne masquée');

    // The bookmark: the same address in a new visit shows the same list.
    const bookmark = page.url();
    await page.goto('/');
    await page.goto(bookmark);
    await page.getByRole('row', { name: /^Formateur/ }).waitFor();
    assert.equal(await page.getByLabel('Etat candidatures').inputValue(), 'pending');
    assert.equal(await page.getByLabel('Afficher').first().inputValue(), '25');
    const states = await page.locator('table.table-compact').first().locator('tbody .badge').allTextContents();
    assert.ok(states.length > 0 && states.every((s) => s === 'En attente'), `only pending rows: ${states}`);
    assert.equal(await page.getByRole('columnheader', { name: 'Prescripteur' }).count(), 0, 'the hidden column stays hidden');

    // A session's applications: the tab chosen comes back with the address.
    await page.goto(`/sessions/${RUNNING}/candidatures`);
    await page.getByRole('link', { name: /^Retenus/ }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('l.state') === 'retained');
    await page.reload();
    await page.locator('.tabs a[aria-current="page"]', { hasText: 'Retenus' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an expired session says so and returns to the same page after logging in again', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    await page.goto(`/sessions/${RUNNING}/candidatures`);
    await page.getByRole('heading', { name: `Candidatures sur la session ${RUNNING}` }).waitFor();
    await page.evaluate(() => localStorage.setItem('tremplin.token', 'jeton-perime'));
    await page.reload();
    await page.getByText('Votre session a expiré').waitFor();
    await checkA11y(page, 'session expirée');
    await page.getByLabel('Adresse e-mail').fill(TRAINER.email);
    await page.getByLabel('Mot de passe').fill(TRAINER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: `Candidatures sur la session ${RUNNING}` }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/sessions/${RUNNING}/candidatures`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const width of [1280, 360]) {
    test(`the main pages at ${width} px: readable, no sideways scroll, no axe violation`, async () => {
      const { context, page, errors } = await newPage(browser, server.baseUrl);
      await page.setViewportSize({ width, height: 800 });
      await logIn(page, TRAINER);
      const pages = [
        ['accueil', '/', /^Bonjour/],
        ['tableau-de-bord', '/candidatures', 'Gestion des candidatures'],
        ['formations', '/formations', 'Gestion des formations'],
        ['formation', '/formations/202305156095', /POEC/],
        ['fiche-session', `/sessions/${UPCOMING}`, `Session ${UPCOMING}`],
        ['candidatures-de-la-session', `/sessions/${RUNNING}/candidatures`, `Candidatures sur la session ${RUNNING}`],
      ];
      for (const [name, path, heading] of pages) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
        await page.waitForTimeout(300);
        assert.equal(await page.locator('h1').count(), 1, `one h1 on ${path}`);
        assert.ok((await page.title()).endsWith('– Tremplin') && (await page.title()) !== '– Tremplin', `title of ${path}`);
        assert.equal(await page.locator('main').count(), 1, `one main on ${path}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at ${width}px`);
        await screenshot(page, `80-${width}`, name);
        await checkA11y(page, `${name} à ${width}px`);
        if (name === 'tableau-de-bord') {
          await page.getByText('Gestion par sessions').click();
          await page.getByRole('row', { name: new RegExp(RUNNING) }).first().waitFor();
          await screenshot(page, `80-${width}`, 'gestion-par-sessions');
          await checkA11y(page, `gestion par sessions à ${width}px`);
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
