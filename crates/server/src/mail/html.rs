//! Values written into the HTML part of a message come from users (names, titles): escaped, they stay text.

/// `value` as HTML text or attribute content.
pub fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_quotes_are_escaped_and_accents_kept() {
        assert_eq!(escape(r#"<b>"Élodie" & l'équipe</b>"#), "&lt;b&gt;&quot;Élodie&quot; &amp; l&#39;équipe&lt;/b&gt;");
    }
}
