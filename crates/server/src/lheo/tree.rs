//! The import's reading of an LHEO file: a small element tree, built whole before anything is written, so a
//! file that is not well-formed XML stops the import before its first row.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// One element: its local name (namespace prefix dropped), attributes, text and children.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
}

/// Why a file could not be read: a French message with the line where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

impl Element {
    /// The value of an attribute.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The first child of that name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child of that name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the element at `path` (child names from here), if present and not blank.
    pub fn text_at(&self, path: &[&str]) -> Option<&str> {
        let mut element = self;
        for name in path {
            element = element.child(name)?;
        }
        Some(element.text.trim()).filter(|t| !t.is_empty())
    }
}

/// Reads the whole document; its root element.
pub fn parse(xml: &[u8]) -> Result<Element, Malformed> {
    let text = std::str::from_utf8(xml)
        .map_err(|e| Malformed(format!("Le fichier n'est pas encodé en UTF-8 (octet {}).", e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let line = |reader: &Reader<&[u8]>| line_of(text, reader.buffer_position());
        let event = reader.read_event().map_err(|e| {
            Malformed(format!("XML mal formé (ligne {}) : {e}", line_of(text, reader.error_position())))
        })?;
        match event {
            Event::Start(start) => {
                stack.push(element(&start).map_err(|e| Malformed(format!("{e} (ligne {})", line(&reader))))?)
            }
            Event::Empty(start) => {
                let done = element(&start).map_err(|e| Malformed(format!("{e} (ligne {})", line(&reader))))?;
                close(&mut stack, &mut root, done).map_err(|()| second_root(line(&reader)))?;
            }
            Event::End(_) => {
                let done = stack
                    .pop()
                    .ok_or_else(|| Malformed(format!("Balise fermante inattendue (ligne {}).", line(&reader))))?;
                close(&mut stack, &mut root, done).map_err(|()| second_root(line(&reader)))?;
            }
            Event::Text(t) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => predefined(&r.into_inner())
                        .ok_or_else(|| Malformed(format!("Entité XML inconnue (ligne {}).", line(&reader))))?,
                    Err(e) => {
                        return Err(Malformed(format!(
                            "Référence de caractère invalide (ligne {}) : {e}",
                            line(&reader)
                        )));
                    }
                };
                if let Some(open) = stack.last_mut() {
                    open.text.push(resolved);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(Malformed(format!(
            "Le document se termine avant la fermeture de « {} ».",
            stack[stack.len() - 1].name
        )));
    }
    root.ok_or_else(|| Malformed("Le fichier ne contient aucun élément XML.".to_owned()))
}

/// Attaches a finished element to its parent, or makes it the root; `Err` on a second root. The line is
/// counted only for an error: counting it for every element made reading quadratic.
fn close(stack: &mut [Element], root: &mut Option<Element>, done: Element) -> Result<(), ()> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(done),
        None if root.is_none() => *root = Some(done),
        None => return Err(()),
    }
    Ok(())
}

fn second_root(line: usize) -> Malformed {
    Malformed(format!("Un second élément racine apparaît (ligne {line})."))
}

fn element(start: &BytesStart<'_>) -> Result<Element, String> {
    let name = start.local_name().into_inner().to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| format!("Attribut mal formé : {e}"))?;
        let key = attribute.key.local_name().into_inner().to_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("Attribut mal formé : {e}"))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element { name, attributes, ..Element::default() })
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

fn line_of(text: &str, position: u64) -> usize {
    let end = usize::try_from(position).unwrap_or(usize::MAX).min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_names_without_prefix_attributes_text_and_entities() {
        let root = parse(br#"<?xml version="1.0"?><l:lheo xmlns:l="x"><l:a numero="7&amp;1">x &lt; y&#233;<![CDATA[<z>]]></l:a><b/></l:lheo>"#)
            .unwrap();
        assert_eq!(root.name, "lheo");
        let a = root.child("a").unwrap();
        assert_eq!(a.attribute("numero"), Some("7&1"));
        assert_eq!(a.text, "x < yé<z>");
        assert!(root.child("b").is_some());
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        for bad in [&b"<a><b></a>"[..], b"<a>", b"", b"<a/><b/>", b"<a>&nbsp;</a>", b"\xff<a/>"] {
            assert!(parse(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
