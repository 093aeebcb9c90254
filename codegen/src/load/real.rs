//! What real documents do that OpenAPI does not allow, read as their authors meant in lenient
//! mode (each a located guess) and refused where it is in strict mode.

use super::*;

/// Response codes written as YAML integers (`200:` instead of `"200":`; OpenAPI requires the
/// quotes). Lenient mode reads each as its text (a guess); strict mode reports each as an
/// error. Only `responses` of operations are looked at.
pub(super) fn integer_status_codes(root: &mut Value, lenient: bool, loaded: &mut Loaded) {
    let Some(Value::Mapping(paths)) = root.as_mapping_mut().and_then(|m| m.get_mut("paths")) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let path = scalar_text(path);
        let Value::Mapping(item) = item else {
            continue;
        };
        for method in METHODS {
            let Some(Value::Mapping(responses)) = item
                .get_mut(*method)
                .and_then(|op| op.as_mapping_mut())
                .and_then(|op| op.get_mut("responses"))
            else {
                continue;
            };
            if !responses.keys().any(Value::is_number) {
                continue;
            }
            let at = pointer(["paths", path.as_str(), method, "responses"]);
            for (code, _) in responses.iter().filter(|(code, _)| code.is_number()) {
                let code = scalar_text(code);
                let message = if lenient {
                    format!("response code `{code}` is a YAML integer; read as \"{code}\"")
                } else {
                    format!(
                        "response code `{code}` is a YAML integer; OpenAPI requires it quoted (\"{code}\")"
                    )
                };
                let error = Error::new(ErrorKind::Invalid, child(&at, &code), message);
                if lenient {
                    loaded.guesses.push(error);
                } else {
                    loaded.errors.push(error);
                }
            }
            // Read as text in both modes, so strict mode reports each code here, once, and not
            // again as an unreadable operation (its errors leave the output empty anyway).
            *responses = std::mem::take(responses)
                .into_iter()
                .map(|(code, response)| match code {
                    Value::Number(n) => (Value::String(n.to_string()), response),
                    other => (other, response),
                })
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n        \"404\": {description: no}\n";

    #[test]
    fn integer_codes_are_read_when_lenient_and_refused_when_strict() {
        let mut root: Value = serde_yaml::from_str(DOC).expect("yaml");
        let mut loaded = Loaded::default();
        integer_status_codes(&mut root, true, &mut loaded);
        assert_eq!(loaded.guesses.len(), 1);
        assert_eq!(loaded.guesses[0].pointer, "/paths/~1a/get/responses/200");
        let responses = resolve_pointer(&root, "/paths/~1a/get/responses").expect("responses");
        let codes: Vec<String> = entries(Some(responses))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(codes, ["200", "404"]);
        assert!(get(responses, "200").is_some());

        let mut root: Value = serde_yaml::from_str(DOC).expect("yaml");
        let mut strict = Loaded::default();
        integer_status_codes(&mut root, false, &mut strict);
        assert_eq!(strict.errors.len(), 1);
        assert_eq!(strict.errors[0].pointer, "/paths/~1a/get/responses/200");
        assert!(strict.guesses.is_empty());
    }
}
