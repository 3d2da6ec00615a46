//! Which training fields an actor may edit (R-TRN-2).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::access::{Actor, ActorKind};
use crate::error::{ErrorKind, RuleError};

/// The fields of a training (action de formation) form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrainingField {
    /// Contact person's name.
    ContactName,
    /// Contact person's phone.
    ContactPhone,
    /// Contact person's e-mail.
    ContactEmail,
    /// "Le + de cette formation".
    Highlights,
    /// Objectif de formation.
    Objective,
    /// Programme / contenu.
    Programme,
    /// Certification / diplôme préparé (changes need the platform's validation, R-TRN-3).
    Certification,
    /// Conditions d'accès réglementaires.
    AccessConditions,
    /// Prérequis pédagogiques.
    Prerequisites,
    /// Intitulé.
    Title,
    /// Type (SIMPLE…).
    TrainingType,
    /// Financeur.
    Funder,
    /// N° de marché.
    ContractNumber,
    /// Dispositif.
    Scheme,
    /// Mesure.
    Measure,
    /// Organisme responsable.
    ResponsibleOrganisation,
    /// Organisme formateur.
    TrainerOrganisation,
    /// Dates of the sessions (changed through the calendar rules, R-SES-3).
    SessionDates,
}

impl TrainingField {
    /// Every field, in form order.
    pub const ALL: [Self; 18] = [
        Self::ContactName,
        Self::ContactPhone,
        Self::ContactEmail,
        Self::Highlights,
        Self::Objective,
        Self::Programme,
        Self::Certification,
        Self::AccessConditions,
        Self::Prerequisites,
        Self::Title,
        Self::TrainingType,
        Self::Funder,
        Self::ContractNumber,
        Self::Scheme,
        Self::Measure,
        Self::ResponsibleOrganisation,
        Self::TrainerOrganisation,
        Self::SessionDates,
    ];

    /// The fields an organisation may edit (R-TRN-2).
    pub const ORGANISATION_EDITABLE: [Self; 9] = [
        Self::ContactName,
        Self::ContactPhone,
        Self::ContactEmail,
        Self::Highlights,
        Self::Objective,
        Self::Programme,
        Self::Certification,
        Self::AccessConditions,
        Self::Prerequisites,
    ];

    /// The snake_case name (same as serde), used as the API field name.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::ContactName => "contact_name",
            Self::ContactPhone => "contact_phone",
            Self::ContactEmail => "contact_email",
            Self::Highlights => "highlights",
            Self::Objective => "objective",
            Self::Programme => "programme",
            Self::Certification => "certification",
            Self::AccessConditions => "access_conditions",
            Self::Prerequisites => "prerequisites",
            Self::Title => "title",
            Self::TrainingType => "training_type",
            Self::Funder => "funder",
            Self::ContractNumber => "contract_number",
            Self::Scheme => "scheme",
            Self::Measure => "measure",
            Self::ResponsibleOrganisation => "responsible_organisation",
            Self::TrainerOrganisation => "trainer_organisation",
            Self::SessionDates => "session_dates",
        }
    }

    /// French label, as on the form.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::ContactName => "Nom du contact",
            Self::ContactPhone => "Téléphone du contact",
            Self::ContactEmail => "Courriel du contact",
            Self::Highlights => "Le + de cette formation",
            Self::Objective => "Objectif de formation",
            Self::Programme => "Programme / contenu",
            Self::Certification => "Certification / diplôme préparé",
            Self::AccessConditions => "Conditions d'accès réglementaires",
            Self::Prerequisites => "Prérequis pédagogiques",
            Self::Title => "Intitulé",
            Self::TrainingType => "Type",
            Self::Funder => "Financeur",
            Self::ContractNumber => "N° de marché",
            Self::Scheme => "Dispositif",
            Self::Measure => "Mesure",
            Self::ResponsibleOrganisation => "Organisme responsable",
            Self::TrainerOrganisation => "Organisme formateur",
            Self::SessionDates => "Dates de session",
        }
    }

    /// Whether `actor` may edit this field: organisations the enrichment fields only,
    /// funders and platform admins every field, prescribers none (R-TRN-2, R-ACC-4).
    #[must_use]
    pub fn is_editable_by(self, actor: &Actor) -> bool {
        match actor.kind() {
            ActorKind::Funder | ActorKind::PlatformAdmin => true,
            ActorKind::TrainingOrganisation => Self::ORGANISATION_EDITABLE.contains(&self),
            ActorKind::Prescriber => false,
        }
    }
}

/// A change touching fields the actor may not edit.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "Ces champs ne peuvent être modifiés que par le financeur (France Travail ou l'OPCO) ou la plateforme : {}.",
    labels(.fields)
)]
pub struct FieldLocked {
    /// Every locked field of the request, in form order.
    pub fields: Vec<TrainingField>,
}

fn labels(fields: &[TrainingField]) -> String {
    fields.iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
}

impl RuleError for FieldLocked {
    fn code(&self) -> &'static str {
        "field_locked"
    }
    // 422 rather than 403: the caller may edit the training, just not these fields (issue #4 contract).
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
    fn field_errors(&self) -> Vec<crate::error::FieldError> {
        self.fields
            .iter()
            .map(|f| crate::error::FieldError {
                field: f.code().to_owned(),
                code: "field_locked",
                message: format!("Le champ « {} » n'est pas modifiable par votre structure.", f.label()),
            })
            .collect()
    }
}

/// Checks a set of changed fields for `actor`, naming every locked one (R-TRN-2).
pub fn check_editable(changed: impl IntoIterator<Item = TrainingField>, actor: &Actor) -> Result<(), FieldLocked> {
    let mut fields: Vec<_> = changed.into_iter().filter(|f| !f.is_editable_by(actor)).collect();
    fields.sort_unstable();
    fields.dedup();
    if fields.is_empty() { Ok(()) } else { Err(FieldLocked { fields }) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::OrganisationKind;
    use crate::ids::OrganisationId;

    fn of() -> Actor {
        Actor::organisation(OrganisationId(1), OrganisationKind::TrainingOrganisation)
    }

    #[test]
    fn r_trn_2_organisation_edits_the_enrichment_fields() {
        for field in TrainingField::ORGANISATION_EDITABLE {
            assert!(field.is_editable_by(&of()), "{field:?}");
        }
        assert!(check_editable([TrainingField::Objective, TrainingField::ContactEmail], &of()).is_ok());
    }

    #[test]
    fn r_trn_2_locked_fields_refused_naming_each_of_them() {
        let err =
            check_editable([TrainingField::Objective, TrainingField::Title, TrainingField::ContractNumber], &of())
                .unwrap_err();
        assert_eq!(err.code(), "field_locked");
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert_eq!(err.fields, [TrainingField::Title, TrainingField::ContractNumber]);
        assert!(err.message().contains("Intitulé, N° de marché"));
        let fields: Vec<_> = err.field_errors().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "contract_number"]);
    }

    #[test]
    fn r_trn_2_funding_organisations_and_dates_are_locked_for_the_organisation() {
        for field in [
            TrainingField::TrainingType,
            TrainingField::Funder,
            TrainingField::Scheme,
            TrainingField::Measure,
            TrainingField::ResponsibleOrganisation,
            TrainingField::TrainerOrganisation,
            TrainingField::SessionDates,
        ] {
            assert!(!field.is_editable_by(&of()), "{field:?}");
        }
    }

    #[test]
    fn r_trn_2_funder_and_platform_edit_every_field_prescriber_none() {
        let funder = Actor::organisation(OrganisationId(2), OrganisationKind::Funder);
        let prescriber = Actor::organisation(OrganisationId(3), OrganisationKind::PrescriberFranceTravail);
        assert!(check_editable([TrainingField::Title, TrainingField::SessionDates], &funder).is_ok());
        assert!(check_editable([TrainingField::Funder], &Actor::PlatformAdmin).is_ok());
        assert!(check_editable([TrainingField::Objective], &prescriber).is_err());
    }

    #[test]
    fn r_trn_2_field_codes_match_serde_names() {
        let json = serde_json::to_string(&TrainingField::ResponsibleOrganisation).unwrap();
        assert_eq!(json, format!("\"{}\"", TrainingField::ResponsibleOrganisation.code()));
    }
}
