//! What the server asks of every string, written into the schemas: a date has the shape `YYYY-MM-DD`, and no
//! text holds U+0000 (refused by [`crate::nul_guard`]). Patterns written by hand on a field keep precedence
//! and exclude U+0000 themselves.

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayItems, KnownFormat, Schema, SchemaFormat, SchemaType, Type};

/// `format: date` is only an annotation in JSON Schema 2020-12, so a validator (or a fuzzer) takes `""` or
/// `"soon"` for a date; the server's date parser does not. The pattern makes the shape part of the contract.
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const NUL_FREE_PATTERN: &str = "^[^\\u0000]*$";

/// Adds the rules to `schema` and every schema inside it.
pub fn assert(schema: &mut RefOr<Schema>) {
    let RefOr::T(schema) = schema else { return };
    match schema {
        Schema::Object(object) => {
            let string = match &object.schema_type {
                SchemaType::Type(t) => *t == Type::String,
                SchemaType::Array(types) => types.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            if string && object.pattern.is_none() && object.enum_values.is_none() {
                let date = object.format == Some(SchemaFormat::KnownFormat(KnownFormat::Date));
                object.pattern = Some(if date { DATE_PATTERN } else { NUL_FREE_PATTERN }.to_owned());
            }
            object.properties.values_mut().for_each(assert);
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                assert(items);
            }
        }
        Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(assert),
        Schema::AllOf(all_of) => all_of.items.iter_mut().for_each(assert),
        Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(assert),
        _ => {}
    }
}
