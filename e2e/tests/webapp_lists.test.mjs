// The web app's dense lists and pictures (issue 14, second part): occupancy bars that say the API's numbers, the
// training's timeline with each session's deadlines, columns hidden in every dense list and kept after a reload,
// and the sort select that replaces the column headers in the card view of a phone. Each state is checked by
// axe-core and saved at 360 and 1280 px (artifacts/81-<width>-<state>.png).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { checkA11y } from '../lib/a11y.mjs';
import { launchBrowser, newPage, screenshot } from '../lib/browser.mjs';
import { logIn } from '../lib/login.mjs';
import { startServer } from '../lib/server.mjs';

const TRAINER = { email: 'formation@demo.tremplin.fr', password: 'DemoFormation2026!' };
const COUNSELLOR = { email: 'conseiller@demo.tremplin.fr', password: 'DemoConseil2026!' };
const TRAINING = '202305156095';
const RUNNING = '00509908';
const UPCOMING = '00512345';

let server;
let browser;

before(async () => {
  server = await startServer('webapp-lists-server');
  browser = await launchBrowser();
  // Two candidates the upcoming session receives in this order: newest first puts Zorzi before Abadie, A to Z
  // the other way round, so the two orders of the lists differ whatever the demo data holds.
  for (const lastName of ['Abadie', 'Zorzi']) await applyThroughApi(lastName);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Applies a candidate to the upcoming session through the API, as a counsellor. */
async function applyThroughApi(lastName) {
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
        last_name: lastName, first_name: 'Inès', birth_date: '1991-02-03', email: `${lastName.toLowerCase()}@exemple.fr`,
        phone: '06 12 34 56 78', postcode: '24000', city: 'Périgueux', education_level: 'Niveau 3 (CAP, BEP)',
        last_diploma: 'CAP', employment_situation: 'Demandeur d’emploi',
      },
      presentation: 'Candidate motivée.',
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
}

/** GET on the API with the logged-in page's token and organisation. */
function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, {
      headers: {
        authorization: `Bearer ${localStorage.getItem('tremplin.token')}`,
        'x-organisation-id': localStorage.getItem('tremplin.org') ?? '',
      },
    });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    return res.json();
  }, path);
}

/** `2026-12-05` as the app writes it: `05/12/2026`. */
const french = (iso) => iso.split('-').reverse().join('/');

/** The two sentences a screen reader reads for a session's bars, from the API's numbers. */
const spokenPlaces = (s) => [
  `Inscrits : ${s.places_held} sur un quota de ${s.quota}.`,
  `Retenus : ${s.retained} sur une capacité d’accueil de ${s.capacity}.`,
];

/**
 * Checks that `cell` says the API's four numbers to a screen reader (its accessibility tree, where the bars and
 * their short text are hidden), and that its two bars are as long as those numbers make them.
 */
async function assertPlaces(cell, session) {
  const tree = await cell.ariaSnapshot();
  for (const sentence of spokenPlaces(session)) {
    assert.ok(tree.includes(sentence), `${session.reference}: "${sentence}" in\n${tree}`);
  }
  assert.ok(!/\d+ \/ \d+/.test(tree), `the short text is hidden from screen readers:\n${tree}`);
  const widths = await cell.locator('rect.meter-fill').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
  const bar = (value, max) => Math.round((56 * Math.min(value, max)) / max * 10) / 10;
  assert.deepEqual(
    widths,
    [bar(session.places_held, session.quota), bar(session.retained, session.capacity)],
    `${session.reference}: bars of ${session.places_held}/${session.quota} and ${session.retained}/${session.capacity}`,
  );
}

/** Waits until the page's lists have loaded. */
async function settled(page) {
  await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
}

describe('web app: dense lists and pictures (issue 14)', () => {
  test('the occupancy bars say the numbers the API gave, on the training, session and sessions lists', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);

    const training = await apiGet(page, `/api/trainings/${TRAINING}`);
    assert.ok(training.sessions.some((s) => s.retained > 0 && s.places_held > s.retained), 'the demo retains and holds');
    await page.goto(`/formations/${TRAINING}`);
    const table = page.getByRole('table', { name: 'Sessions de la formation' });
    await table.waitFor();
    assert.equal(await table.getByRole('columnheader', { name: 'Inscrits et retenus' }).count(), 1);
    for (const session of training.sessions) {
      const row = table.getByRole('row', { name: new RegExp(session.reference) });
      await assertPlaces(row.locator('td[data-label="Inscrits et retenus"]'), session);
    }

    const running = await apiGet(page, `/api/sessions/${RUNNING}`);
    await page.goto(`/sessions/${RUNNING}`);
    await page.getByRole('heading', { name: `Session ${RUNNING}`, level: 1 }).waitFor();
    await assertPlaces(page.locator('.facts div', { hasText: 'Inscrits et retenus' }).locator('dd'), running);
    await checkA11y(page, 'fiche session, barres d’occupation');

    const list = await apiGet(page, '/api/sessions?period=current&per_page=10');
    await page.goto('/candidatures');
    await page.getByText('Gestion par sessions').click();
    const bySession = page.locator('details', { has: page.getByRole('heading', { name: 'Gestion par sessions' }) });
    await bySession.getByRole('row', { name: new RegExp(RUNNING) }).waitFor();
    for (const session of list.items) {
      const row = bySession.getByRole('row', { name: new RegExp(session.reference) });
      await assertPlaces(row.locator('td[data-label="Inscrits et retenus"]'), session);
    }
    await checkA11y(page, 'gestion par sessions, barres d’occupation');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the training timeline shows each session with both deadlines and today, and says them as text', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    const training = await apiGet(page, `/api/trainings/${TRAINING}`);
    await page.goto(`/formations/${TRAINING}`);
    const figure = page.getByRole('figure', { name: /^Frise des sessions, aujourd’hui le \d\d\/\d\d\/\d{4}\.$/ });
    await figure.waitFor();
    const items = await figure.getByRole('list', { name: 'Dates des sessions' }).getByRole('listitem').allTextContents();
    assert.deepEqual(
      items,
      training.sessions.map((s) => `Session ${s.reference} : du ${french(s.start_date)} au ${french(s.end_date)} ; `
        + `inscriptions jusqu’au ${french(s.registration_deadline)} ; entrée tardive jusqu’au ${french(s.late_entry_deadline)}.`),
    );
    // The picture: one row per session, each with its two deadline marks, the registration never after the late
    // entry (R-SES-2); today's line is labelled.
    const rows = figure.locator('svg g.timeline-row');
    assert.equal(await rows.count(), training.sessions.length);
    for (let i = 0; i < training.sessions.length; i += 1) {
      const x = async (mark) => Number(await rows.nth(i).locator(mark).getAttribute('x1'));
      const [registration, late] = [await x('line.mark-registration'), await x('line.mark-late-entry')];
      assert.ok(registration <= late, `row ${i}: registration ${registration} ≤ late entry ${late}`);
      const tooltip = await rows.nth(i).locator('line.mark-registration title').textContent();
      assert.equal(tooltip, `Limite d’inscription : ${french(training.sessions[i].registration_deadline)}`);
    }
    assert.equal(await figure.locator('svg .timeline-today text').textContent(), 'Aujourd’hui');
    assert.equal(await figure.locator('svg:not(.legend-swatch)').getAttribute('aria-hidden'), 'true');
    await figure.getByText('Limite d’entrée tardive', { exact: true }).waitFor();
    await checkA11y(page, 'frise des sessions');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a column hidden with the keyboard stays hidden after a reload, in every dense list', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await logIn(page, TRAINER);
    const bySession = page.locator('details', { has: page.getByRole('heading', { name: 'Gestion par sessions' }) });
    const lists = [
      // [where, how to reach the list, the list's scope, the column to hide, its cells]
      ['formations', '/formations', () => page.locator('main'), 'Financement', 'td.funding'],
      ['sessions de la formation', `/formations/${TRAINING}`, () => page.locator('main'), 'Commune',
        'td[data-label="Commune"]'],
      ['gestion par sessions', '/candidatures', () => bySession, 'Lieu', 'td[data-label="Lieu"]'],
      ['candidatures de la session', `/sessions/${RUNNING}/candidatures`, () => page.locator('main'),
        'Organisme prescripteur', 'td[data-label="Prescripteur"]'],
    ];
    for (const [name, path, scope, column, cell] of lists) {
      await page.goto(path);
      if (name === 'gestion par sessions') await page.getByText('Gestion par sessions').click();
      await settled(page);
      const header = () => scope().getByRole('columnheader', { name: column, exact: true });
      await header().waitFor();
      // The disclosure and its checkbox, with the keyboard only.
      const summary = scope().locator('summary', { hasText: 'Colonnes affichées' });
      await summary.focus();
      await page.keyboard.press('Enter');
      const box = scope().getByRole('checkbox', { name: column, exact: true });
      await box.waitFor();
      assert.ok(await box.isChecked(), `${name}: ${column} shown at first`);
      await box.focus();
      await page.keyboard.press('Space');
      assert.equal(await box.isChecked(), false);
      await header().waitFor({ state: 'detached' }).catch(() => {});
      assert.equal(await header().count(), 0, `${name}: ${column} hidden`);
      await screenshot(page, '81-1280', `colonne-masquee-${name.replaceAll(' ', '-')}`);
      await checkA11y(page, `${name}, colonne ${column} masquée`);

      await page.reload();
      if (name === 'gestion par sessions') await page.getByText('Gestion par sessions').click();
      await settled(page);
      await scope().locator('tbody tr').first().waitFor();
      assert.equal(await header().count(), 0, `${name}: ${column} still hidden after a reload`);
      const cells = await scope().locator(`tbody ${cell}`).evaluateAll((tds) => tds.map((td) => td.checkVisibility()));
      assert.ok(cells.length > 0 && cells.every((shows) => !shows), `${name}: no ${column} cell shows (${cells})`);
      // The disclosure is closed again after the reload: its checkbox is found by its label, not its role.
      assert.equal(await scope().locator('.column-chooser').getByLabel(column, { exact: true }).isChecked(), false);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('on a phone, the sort select reorders the cards as the API orders them', async () => {
    const { context, page, errors } = await newPage(browser, server.baseUrl);
    await page.setViewportSize({ width: 360, height: 800 });
    await logIn(page, TRAINER);
    await page.goto('/candidatures');
    const byApplication = page.locator('details', { has: page.getByRole('heading', { name: 'Gestion par candidatures' }) });
    const cards = () => byApplication.locator('tbody th[scope="row"]').allTextContents().then((t) => t.map((r) => r.trim()));
    await byApplication.locator('tbody tr').first().waitFor();
    assert.equal(await byApplication.locator('thead').isVisible(), false, 'cards: the headers are hidden');
    const select = byApplication.getByLabel('Trier par');
    assert.ok(await select.isVisible(), 'the sort select shows in the card view');
    assert.equal(await select.locator('option:checked').textContent(), 'Date de préinscription, la plus récente d’abord');
    const before = await cards();
    await screenshot(page, '81-360', 'tri-cartes-avant');
    await checkA11y(page, 'cartes, tri par date');

    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/applications?') && r.url().includes('sort=candidate')),
      select.selectOption({ label: 'Candidat, de A à Z' }),
    ]);
    const expected = (await apiGet(page, '/api/applications?period=current&sort=candidate&page=1&per_page=10')).items
      .map((a) => a.reference);
    let after = await cards();
    for (let i = 0; i < 20 && after.join() !== expected.join(); i += 1) {
      await page.waitForTimeout(100);
      after = await cards();
    }
    assert.deepEqual(after, expected, 'the cards in the API’s order A to Z');
    assert.notDeepEqual(after, before, 'the order changed');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('c.sort') === 'candidate');
    await screenshot(page, '81-360', 'tri-cartes-candidat');
    await checkA11y(page, 'cartes, tri par candidat');

    // The session's applications: the same select, its own orders.
    await page.goto(`/sessions/${UPCOMING}/candidatures`);
    const list = page.locator('main');
    await list.locator('tbody tr').first().waitFor();
    const sessionCards = () => list.locator('tbody th[scope="row"]').allTextContents().then((t) => t.map((r) => r.trim()));
    const newestFirst = await sessionCards();
    await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/api/sessions/${UPCOMING}/applications?`) && r.url().includes('sort=received_asc')),
      list.getByLabel('Trier par').selectOption({ label: 'Date de candidature, la plus ancienne d’abord' }),
    ]);
    let oldestFirst = await sessionCards();
    for (let i = 0; i < 20 && oldestFirst.join() === newestFirst.join(); i += 1) {
      await page.waitForTimeout(100);
      oldestFirst = await sessionCards();
    }
    assert.deepEqual(oldestFirst, [...newestFirst].reverse(), 'oldest first is newest first reversed');
    await checkA11y(page, 'cartes de la session, tri par date croissante');

    // On a wide screen the headers sort, and the select is not shown.
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await list.getByLabel('Trier par').isVisible(), false);
    assert.ok(await list.getByRole('columnheader', { name: /Date de candidature/ }).isVisible());
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const width of [1280, 360]) {
    test(`the new states at ${width} px: no sideways scroll, no axe violation`, async () => {
      const { context, page, errors } = await newPage(browser, server.baseUrl);
      await page.setViewportSize({ width, height: 800 });
      await logIn(page, TRAINER);
      const states = [
        ['formation-frise-et-barres', `/formations/${TRAINING}`, async () => {
          await page.getByRole('figure', { name: /^Frise des sessions/ }).waitFor();
          await page.locator('main summary', { hasText: 'Colonnes affichées' }).click();
        }],
        ['session-barres', `/sessions/${RUNNING}`, () => page.locator('.facts .occupancy').waitFor()],
        ['gestion-colonnes-et-tri', '/candidatures', async () => {
          await page.locator('tbody tr').first().waitFor();
          await page.locator('main summary', { hasText: 'Colonnes affichées' }).first().click();
        }],
        ['formations-colonnes', '/formations', () => page.locator('main summary', { hasText: 'Colonnes affichées' }).click()],
        ['candidatures-session-colonnes-et-tri', `/sessions/${RUNNING}/candidatures`, async () => {
          await page.locator('tbody tr').first().waitFor();
          await page.locator('main summary', { hasText: 'Colonnes affichées' }).click();
        }],
      ];
      for (const [name, path, prepare] of states) {
        await page.goto(path);
        await settled(page);
        await prepare();
        await page.waitForTimeout(200);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at ${width}px`);
        await screenshot(page, `81-${width}`, name);
        await checkA11y(page, `${name} à ${width}px`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});
