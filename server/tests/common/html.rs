//! Just enough HTML reading for assertions on server-rendered pages: visible text,
//! elements by `data-testid`, and the values a form would send back.

/// Decodes the character references the renderer produces.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let ch = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((ch, end))
        });
        match decoded {
            Some((ch, end)) => {
                out.push(ch);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text a person reads: scripts and styles dropped, tags removed, entities decoded,
/// runs of whitespace collapsed to one space.
pub fn visible_text(html: &str) -> String {
    let mut stripped = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        stripped.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
        let skip_until = if lower.starts_with("<script") {
            Some("</script>")
        } else if lower.starts_with("<style") {
            Some("</style>")
        } else if lower.starts_with("<!--") {
            Some("-->")
        } else {
            None
        };
        match skip_until {
            Some(end) => match rest.find(end) {
                Some(at) => rest = &rest[at + end.len()..],
                None => rest = "",
            },
            None => match tag_end(rest) {
                Some(end) => {
                    // Block-level boundaries separate words.
                    stripped.push(' ');
                    rest = &rest[end + 1..];
                }
                None => rest = "",
            },
        }
    }
    stripped.push_str(rest);
    unescape(&stripped)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A shortened text for failure messages.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// The index of the `>` closing the tag that starts at `tag[0] == '<'`, minding quotes.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in tag.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// One opening tag: where it is and its attributes (valueless ones map to "").
#[derive(Debug)]
pub struct Tag {
    pub start: usize,
    /// Just past the closing `>` of the opening tag.
    pub after: usize,
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn parse_attrs(inside: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let chars: Vec<char> = inside.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let name_start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        if name_start == i {
            i += 1;
            continue;
        }
        let name: String = chars[name_start..i].iter().collect();
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let quote = chars[i];
                i += 1;
                let value_start = i;
                while i < chars.len() && chars[i] != quote {
                    i += 1;
                }
                value = chars[value_start..i].iter().collect();
                i += 1;
            } else {
                let value_start = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                value = chars[value_start..i].iter().collect();
            }
        }
        attrs.push((name.to_ascii_lowercase(), unescape(&value)));
    }
    attrs
}

/// Every opening tag named `name` (lower case), in document order.
pub fn tags(html: &str, name: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(pos) = html[from..].find(&open) {
        let start = from + pos;
        let after_name = start + open.len();
        let boundary = html[after_name..].chars().next();
        if !matches!(boundary, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            from = after_name;
            continue;
        }
        let Some(end) = tag_end(&html[start..]) else {
            break;
        };
        let inside = &html[after_name..start + end];
        found.push(Tag {
            start,
            after: start + end + 1,
            name: name.to_string(),
            attrs: parse_attrs(inside),
        });
        from = start + end + 1;
    }
    found
}

/// The whole element (opening tag to matching closing tag) that starts at `tag`.
fn element<'a>(html: &'a str, tag: &Tag) -> &'a str {
    let open = format!("<{}", tag.name);
    let close = format!("</{}>", tag.name);
    let mut depth = 1;
    let mut at = tag.after;
    loop {
        let next_open = html[at..].find(&open).map(|p| p + at);
        let next_close = html[at..].find(&close).map(|p| p + at);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                let boundary = html[o + open.len()..].chars().next();
                if matches!(boundary, Some(ch) if ch.is_whitespace() || ch == '>') {
                    depth += 1;
                }
                at = o + open.len();
            }
            (_, Some(c)) => {
                depth -= 1;
                at = c + close.len();
                if depth == 0 {
                    return &html[tag.start..at];
                }
            }
            (_, None) => return &html[tag.start..],
        }
    }
}

/// The outer HTML of every element carrying `data-testid="id"`.
pub fn by_testid<'a>(html: &'a str, id: &str) -> Vec<&'a str> {
    let needle = format!("data-testid=\"{id}\"");
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(pos) = html[from..].find(&needle) {
        let at = from + pos;
        from = at + needle.len();
        let Some(start) = html[..at].rfind('<') else {
            continue;
        };
        let name: String = html[start + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(tag) = tags(&html[start..], &name).into_iter().next() {
            let tag = Tag {
                start: tag.start + start,
                after: tag.after + start,
                ..tag
            };
            found.push(element(html, &tag));
        }
    }
    found
}

/// The value of the text, email or hidden `<input name=…>` (the first with that name).
pub fn input_value(html: &str, name: &str) -> Option<String> {
    tags(html, "input")
        .into_iter()
        .find(|t| t.attr("name") == Some(name) && t.attr("type") != Some("radio"))
        .map(|t| t.attr("value").unwrap_or("").to_string())
}

/// The text inside `<textarea name=…>`.
pub fn textarea_value(html: &str, name: &str) -> Option<String> {
    let tag = tags(html, "textarea")
        .into_iter()
        .find(|t| t.attr("name") == Some(name))?;
    let end = html[tag.after..].find("</textarea>")? + tag.after;
    let inner = &html[tag.after..end];
    // Drop renderer comment markers, if any, then decode.
    let mut text = String::new();
    let mut rest = inner;
    while let Some(start) = rest.find("<!--") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map(|e| &rest[start + e + 3..])
            .unwrap_or("");
    }
    text.push_str(rest);
    Some(unescape(&text))
}

/// The value of the selected `<option>` of `<select name=…>`.
pub fn selected_option(html: &str, name: &str) -> Option<String> {
    let select = tags(html, "select")
        .into_iter()
        .find(|t| t.attr("name") == Some(name))?;
    let body = element(html, &select);
    tags(body, "option")
        .into_iter()
        .find(|t| t.attr("selected").is_some())
        .map(|t| t.attr("value").unwrap_or("").to_string())
}

/// The value of the checked radio button named `name`.
pub fn checked_radio(html: &str, name: &str) -> Option<String> {
    tags(html, "input")
        .into_iter()
        .find(|t| {
            t.attr("name") == Some(name)
                && t.attr("type") == Some("radio")
                && t.attr("checked").is_some()
        })
        .map(|t| t.attr("value").unwrap_or("").to_string())
}

/// Every link as (href, visible text), in document order.
pub fn links(html: &str) -> Vec<(String, String)> {
    tags(html, "a")
        .iter()
        .map(|tag| {
            let whole = element(html, tag);
            (
                tag.attr("href").unwrap_or("").to_string(),
                visible_text(whole),
            )
        })
        .collect()
}
