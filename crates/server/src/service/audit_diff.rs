//! The audit `changes` of an edit, from the values of named fields before and after it (R-SES-6): an edit
//! names its fields once instead of comparing each by hand.

use contract::FieldChange;
use serde::Serialize;

use crate::store::audit;

/// Field changes collected in the order the fields are named; unchanged fields leave no entry.
#[derive(Debug, Default)]
pub struct AuditDiff(Vec<FieldChange>);

impl AuditDiff {
    /// Adds `field` when `before` and `after` differ.
    #[must_use]
    pub fn field<T: Serialize + PartialEq>(mut self, field: &str, before: T, after: T) -> Self {
        if before != after {
            self.0.push(audit::change(field, before, after));
        }
        self
    }

    /// Adds an entry whatever the values (a fact of the change, such as a count).
    #[must_use]
    pub fn always<T: Serialize>(mut self, field: &str, before: T, after: T) -> Self {
        self.0.push(audit::change(field, before, after));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn changes(&self) -> &[FieldChange] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_recorded_in_order() {
        let diff = AuditDiff::default().field("capacity", 12, 15).field("comment", "a", "a").field("end", 1, 2);
        let fields: Vec<_> = diff.changes().iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["capacity", "end"]);
        assert_eq!(diff.changes()[0].before, serde_json::json!(12));
        assert_eq!(diff.changes()[0].after, serde_json::json!(15));
    }

    #[test]
    fn no_change_is_empty() {
        assert!(AuditDiff::default().field("x", "same", "same").is_empty());
    }
}
