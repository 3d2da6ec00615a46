//! The training form's values as strings, one signal per field, and the patch of what changed.

use contract::{FieldError, Training, TrainingPatch};
use domain::RuleError;
use domain::training::{Contact, MAX_CONTACTS, TrainingField, TrainingText};
use leptos::prelude::*;

/// The fields of the form, in the guide's order (sessions have their own form).
pub const FORM_FIELDS: [TrainingField; 16] = [
    TrainingField::ContactName,
    TrainingField::ContactPhone,
    TrainingField::ContactEmail,
    TrainingField::Highlights,
    TrainingField::Objective,
    TrainingField::Programme,
    TrainingField::Certification,
    TrainingField::AccessConditions,
    TrainingField::Prerequisites,
    TrainingField::Title,
    TrainingField::TrainingType,
    TrainingField::Funder,
    TrainingField::ContractNumber,
    TrainingField::Scheme,
    TrainingField::Measure,
    TrainingField::ResponsibleOrganisation,
];

/// The value a field shows; organisations by id.
pub fn value_of(training: &Training, field: TrainingField) -> String {
    let texts = &training.texts;
    match field {
        TrainingField::ContactName => texts.contact_name.clone(),
        TrainingField::ContactPhone => texts.contact_phone.clone(),
        TrainingField::ContactEmail => texts.contact_email.clone(),
        TrainingField::Highlights => texts.highlights.clone(),
        TrainingField::Objective => texts.objective.clone(),
        TrainingField::Programme => texts.programme.clone(),
        TrainingField::AccessConditions => texts.access_conditions.clone(),
        TrainingField::Prerequisites => texts.prerequisites.clone(),
        // The published value: a pending change is shown beside it (R-TRN-3).
        TrainingField::Certification => training.certification.published.clone(),
        TrainingField::Title => training.title.clone(),
        TrainingField::TrainingType => training.training_type.clone(),
        TrainingField::Funder => training.funding.funder.id.to_string(),
        TrainingField::ContractNumber => training.funding.contract_number.clone(),
        TrainingField::Scheme => training.funding.scheme.clone(),
        TrainingField::Measure => training.funding.measure.clone(),
        TrainingField::ResponsibleOrganisation => training.responsible_organisation.id.to_string(),
        TrainingField::TrainerOrganisation | TrainingField::SessionDates => String::new(),
    }
}

fn set(patch: &mut TrainingPatch, field: TrainingField, value: String) {
    let slot = match field {
        TrainingField::ContactName => &mut patch.contact_name,
        TrainingField::ContactPhone => &mut patch.contact_phone,
        TrainingField::ContactEmail => &mut patch.contact_email,
        TrainingField::Highlights => &mut patch.highlights,
        TrainingField::Objective => &mut patch.objective,
        TrainingField::Programme => &mut patch.programme,
        TrainingField::AccessConditions => &mut patch.access_conditions,
        TrainingField::Prerequisites => &mut patch.prerequisites,
        TrainingField::Certification => &mut patch.certification,
        TrainingField::Title => &mut patch.title,
        TrainingField::TrainingType => &mut patch.training_type,
        TrainingField::ContractNumber => &mut patch.contract_number,
        TrainingField::Scheme => &mut patch.scheme,
        TrainingField::Measure => &mut patch.measure,
        TrainingField::Funder => {
            patch.funder_organisation_id = value.parse().ok();
            return;
        }
        TrainingField::ResponsibleOrganisation => {
            patch.responsible_organisation_id = value.parse().ok();
            return;
        }
        TrainingField::TrainerOrganisation | TrainingField::SessionDates => return,
    };
    *slot = Some(value);
}

/// One contact person after the first, as typed (R-TRN-CONTACT-1).
#[derive(Clone, Copy)]
pub struct ContactSlot {
    pub name: RwSignal<String>,
    pub phone: RwSignal<String>,
    pub email: RwSignal<String>,
}

impl ContactSlot {
    fn set(&self, contact: Option<&Contact>) {
        self.name.set(contact.map(|c| c.name.clone()).unwrap_or_default());
        self.phone.set(contact.map(|c| c.phone.clone()).unwrap_or_default());
        self.email.set(contact.map(|c| c.email.clone()).unwrap_or_default());
    }

    /// The contact typed, `None` when the row is left blank.
    fn contact(&self) -> Option<Contact> {
        let [name, phone, email] = [self.name, self.phone, self.email].map(|s| s.get_untracked().trim().to_owned());
        (!(name.is_empty() && phone.is_empty() && email.is_empty())).then_some(Contact { name, phone, email })
    }
}

/// One signal per form field, and the rows of the other contact persons.
#[derive(Clone)]
pub struct TrainingDraft {
    values: Vec<(TrainingField, RwSignal<String>)>,
    /// The contacts after the first (whose fields are `contact_*`).
    pub others: Vec<ContactSlot>,
}

impl TrainingDraft {
    /// A draft holding the training's values.
    pub fn new(training: &Training) -> Self {
        let slot = || ContactSlot {
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
        };
        let draft = Self {
            values: FORM_FIELDS.iter().map(|f| (*f, RwSignal::new(value_of(training, *f)))).collect(),
            others: (1..MAX_CONTACTS).map(|_| slot()).collect(),
        };
        draft.reset(training);
        draft
    }

    /// The signal of a field.
    pub fn signal(&self, field: TrainingField) -> RwSignal<String> {
        self.values.iter().find(|(f, _)| *f == field).map_or_else(|| RwSignal::new(String::new()), |(_, s)| *s)
    }

    /// Puts the training's values back (after a save).
    pub fn reset(&self, training: &Training) {
        for (field, signal) in &self.values {
            signal.set(value_of(training, *field));
        }
        for (i, slot) in self.others.iter().enumerate() {
            slot.set(training.contacts.get(i + 1));
        }
    }

    /// Every contact person as typed: the first from the contact fields, then the rows filled in.
    fn contacts(&self) -> Vec<Contact> {
        let first = Contact {
            name: self.signal(TrainingField::ContactName).get_untracked().trim().to_owned(),
            phone: self.signal(TrainingField::ContactPhone).get_untracked().trim().to_owned(),
            email: self.signal(TrainingField::ContactEmail).get_untracked().trim().to_owned(),
        };
        let first = (!(first.name.is_empty() && first.phone.is_empty() && first.email.is_empty())).then_some(first);
        first.into_iter().chain(self.others.iter().filter_map(ContactSlot::contact)).collect()
    }

    /// The fields changed against `training` (compared trimmed, as the API does) and the patch sending them.
    pub fn changes(&self, training: &Training) -> (Vec<TrainingField>, TrainingPatch) {
        let mut patch = TrainingPatch::default();
        let mut changed = Vec::new();
        for (field, signal) in &self.values {
            let value = signal.get_untracked().trim().to_owned();
            if value != value_of(training, *field).trim() {
                changed.push(*field);
                set(&mut patch, *field, value);
            }
        }
        // Another contact changed: the whole list goes, replacing the first contact's fields (the API takes
        // one or the other, R-TRN-CONTACT-3).
        let contacts = self.contacts();
        if contacts.get(1..).unwrap_or_default() != training.contacts.get(1..).unwrap_or_default() {
            (patch.contact_name, patch.contact_phone, patch.contact_email) = (None, None, None);
            patch.contacts = Some(contacts);
            if !changed.contains(&TrainingField::ContactName) {
                changed.push(TrainingField::ContactName);
            }
        }
        (changed, patch)
    }

    /// The changed texts the domain refuses (R-TRN-1, R-TRN-2), listed as the API would.
    pub fn refusals(&self, training: &Training) -> Vec<FieldError> {
        let (changed, _) = self.changes(training);
        changed
            .into_iter()
            .filter(|field| TrainingText::FIELDS.contains(field))
            .filter_map(|field| TrainingText::parse(field, &self.signal(field).get_untracked()).err())
            .map(|e| FieldError {
                field: e.field().unwrap_or_default().to_owned(),
                code: e.code().to_owned(),
                message: e.message(),
            })
            .collect()
    }
}
