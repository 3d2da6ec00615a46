//! What LHEO lacks, carried in `extras`: `<extras info="tremplin"><extra info="capacite">12</extra>…</extras>`.

use super::tree::Element;

/// The `extra` values directly under an element's `extras`, by their `info` attribute.
pub struct Extras<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Extras<'a> {
    /// The trimmed value of one extra, if present and not blank.
    pub fn get(&self, info: &str) -> Option<&'a str> {
        self.0.iter().find(|(name, _)| *name == info).map(|(_, value)| value.trim()).filter(|v| !v.is_empty())
    }
}

/// The extras of an element.
pub fn of(element: &Element) -> Extras<'_> {
    Extras(
        element
            .all("extras")
            .flat_map(|extras| extras.all("extra"))
            .filter_map(|extra| Some((extra.attribute("info")?, extra.text.as_str())))
            .collect(),
    )
}
