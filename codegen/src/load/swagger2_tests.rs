//! Unit tests of the Swagger 2.0 converter: each 2.0 construct and its 3.0 form, and where
//! problems are located.

use serde_yaml::Value;

use super::{Origins, convert};
use crate::error::ErrorKind;
use crate::load::{Loaded, load_with};

fn run(text: &str, lenient: bool) -> (Value, Loaded) {
    let root: Value = serde_yaml::from_str(text).expect("test YAML");
    let mut loaded = Loaded::default();
    let out = convert(&root, lenient, &mut loaded);
    (out, loaded)
}

/// The value at a JSON pointer (`~1` for `/`).
fn at<'a>(value: &'a Value, pointer: &str) -> &'a Value {
    pointer.split('/').skip(1).fold(value, |value, token| {
        let token = token.replace("~1", "/").replace("~0", "~");
        match value {
            Value::Sequence(items) => &items[token.parse::<usize>().expect("index")],
            _ => value
                .get(token.as_str())
                .unwrap_or_else(|| panic!("no {token} in {pointer}: {value:?}")),
        }
    })
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("test YAML")
}

const HEAD: &str = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";

#[test]
fn references_move_under_components() {
    let (out, loaded) = run(
        &format!(
            "{HEAD}parameters:\n  size: {{name: size, in: query, type: integer}}\n\
             responses:\n  gone: {{description: Gone.}}\n\
             definitions:\n  A: {{type: object, properties: {{b: {{$ref: '#/definitions/B'}}}}}}\n  B: {{type: string}}\n\
             paths:\n  /a:\n    get:\n      parameters: [{{$ref: '#/parameters/size'}}]\n      responses:\n        '410': {{$ref: '#/responses/gone'}}\n"
        ),
        false,
    );
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(at(&out, "/openapi"), &yaml("3.0.3"));
    assert_eq!(
        at(&out, "/components/schemas/A/properties/b"),
        &yaml("{$ref: '#/components/schemas/B'}")
    );
    assert_eq!(
        at(&out, "/paths/~1a/get/parameters/0"),
        &yaml("{$ref: '#/components/parameters/size'}")
    );
    assert_eq!(
        at(&out, "/paths/~1a/get/responses/410"),
        &yaml("{$ref: '#/components/responses/gone'}")
    );
    assert_eq!(
        at(&out, "/components/parameters/size"),
        &yaml("{name: size, in: query, schema: {type: integer}}")
    );
}

#[test]
fn body_parameter_becomes_request_body_under_consumes() {
    let (out, _) = run(
        &format!(
            "{HEAD}consumes: [application/json]\npaths:\n  /a:\n    post:\n      consumes: [application/json, application/xml]\n      \
             parameters: [{{name: thing, in: body, required: true, description: D, schema: {{type: object}}}}]\n      \
             responses: {{'204': {{description: ok}}}}\n    put:\n      \
             parameters: [{{name: thing, in: body, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n"
        ),
        false,
    );
    assert_eq!(
        at(&out, "/paths/~1a/post/requestBody"),
        &yaml(
            "{description: D, required: true, content: {application/json: {schema: {type: object}}, application/xml: {schema: {type: object}}}}"
        )
    );
    assert_eq!(
        at(&out, "/paths/~1a/put/requestBody"),
        &yaml("{content: {application/json: {schema: {type: string}}}}")
    );
    assert!(out["paths"]["/a"]["post"].get("parameters").is_none());
    assert!(out["paths"]["/a"]["post"].get("consumes").is_none());
}

#[test]
fn form_parameters_become_a_form_or_multipart_body() {
    let (out, loaded) = run(
        &format!(
            "{HEAD}paths:\n  /a:\n    post:\n      consumes: [application/x-www-form-urlencoded]\n      parameters:\n        \
             - {{name: n, in: formData, type: string, required: true}}\n        \
             - {{name: l, in: formData, type: array, items: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n    \
             put:\n      consumes: [multipart/form-data]\n      parameters:\n        \
             - {{name: f, in: formData, type: file, description: The file.}}\n      responses: {{'204': {{description: ok}}}}\n"
        ),
        false,
    );
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(
        at(&out, "/paths/~1a/post/requestBody"),
        &yaml(
            "{required: true, content: {application/x-www-form-urlencoded: {\
             schema: {type: object, required: [n], properties: {n: {type: string}, l: {type: array, items: {type: string}}}},\
             encoding: {l: {style: form, explode: false}}}}}"
        )
    );
    assert_eq!(
        at(&out, "/paths/~1a/put/requestBody"),
        &yaml(
            "{content: {multipart/form-data: {schema: {type: object, properties: {f: {type: string, format: binary, description: The file.}}}}}}"
        )
    );
}

#[test]
fn form_in_a_json_operation_is_an_error_or_a_guess() {
    let text = format!(
        "{HEAD}consumes: [application/json]\npaths:\n  /a:\n    post:\n      parameters:\n        \
         - {{name: n, in: formData, type: string}}\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let (out, loaded) = run(&text, false);
    assert_eq!(loaded.errors[0].kind, ErrorKind::UnsupportedMediaType);
    assert_eq!(loaded.errors[0].pointer, "/paths/~1a/post/parameters/0");
    assert!(out["paths"]["/a"]["post"].get("requestBody").is_none());
    let (out, loaded) = run(&text, true);
    assert!(loaded.errors.is_empty());
    assert_eq!(loaded.guesses[0].pointer, "/paths/~1a/post/parameters/0");
    assert!(
        loaded.guesses[0]
            .message
            .contains("sent as application/x-www-form-urlencoded")
    );
    assert!(
        out["paths"]["/a"]["post"]["requestBody"]["content"]
            .get("application/x-www-form-urlencoded")
            .is_some()
    );
}

#[test]
fn a_second_body_is_an_error_or_left_out() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      parameters:\n        \
         - {{name: a, in: body, schema: {{type: string}}}}\n        \
         - {{name: b, in: formData, type: string}}\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let (_, loaded) = run(&text, false);
    assert_eq!(
        (loaded.errors[0].kind, loaded.errors[0].pointer.as_str()),
        (ErrorKind::Invalid, "/paths/~1a/post/parameters/1")
    );
    let (out, loaded) = run(&text, true);
    assert_eq!(loaded.guesses.len(), 1);
    assert_eq!(
        at(
            &out,
            "/paths/~1a/post/requestBody/content/application~1json/schema"
        ),
        &yaml("{type: string}")
    );
}

#[test]
fn responses_go_under_produces() {
    let (out, _) = run(
        &format!(
            "{HEAD}produces: [application/json]\npaths:\n  /a:\n    get:\n      responses:\n        \
             '200': {{description: ok, schema: {{type: string}}, headers: {{X-N: {{type: integer}}}}}}\n        \
             '204': {{description: none}}\n  /b:\n    get:\n      produces: [image/png]\n      responses:\n        \
             '200': {{description: png, schema: {{type: file}}}}\n"
        ),
        false,
    );
    assert_eq!(
        at(&out, "/paths/~1a/get/responses/200"),
        &yaml(
            "{description: ok, headers: {X-N: {schema: {type: integer}}}, content: {application/json: {schema: {type: string}}}}"
        )
    );
    assert_eq!(
        at(&out, "/paths/~1a/get/responses/204"),
        &yaml("{description: none}")
    );
    assert_eq!(
        at(
            &out,
            "/paths/~1b/get/responses/200/content/image~1png/schema"
        ),
        &yaml("{type: string, format: binary}")
    );
}

#[test]
fn collection_formats_become_styles() {
    let (out, loaded) = run(
        &format!(
            "{HEAD}paths:\n  /a/{{p}}:\n    get:\n      parameters:\n        \
             - {{name: csv, in: query, type: array, items: {{type: string}}}}\n        \
             - {{name: multi, in: query, type: array, items: {{type: string}}, collectionFormat: multi}}\n        \
             - {{name: ssv, in: query, type: array, items: {{type: string}}, collectionFormat: ssv}}\n        \
             - {{name: pipes, in: query, type: array, items: {{type: string}}, collectionFormat: pipes}}\n        \
             - {{name: p, in: path, required: true, type: array, items: {{type: string}}}}\n      \
             responses: {{'204': {{description: ok}}}}\n"
        ),
        false,
    );
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let style = |index: usize| {
        let param = at(&out, &format!("/paths/~1a~1{{p}}/get/parameters/{index}"));
        (
            param
                .get("style")
                .and_then(Value::as_str)
                .map(str::to_owned),
            param.get("explode").and_then(Value::as_bool),
        )
    };
    let styles: Vec<_> = (0..5).map(style).collect();
    let expected = [
        (Some("form"), Some(false)),
        (Some("form"), Some(true)),
        (Some("spaceDelimited"), Some(false)),
        (Some("pipeDelimited"), Some(false)),
        (None, Some(false)),
    ]
    .map(|(s, e)| (s.map(str::to_owned), e));
    assert_eq!(styles, expected);
    assert_eq!(
        at(&out, "/paths/~1a~1{p}/get/parameters/0/schema"),
        &yaml("{type: array, items: {type: string}}")
    );
}

#[test]
fn tsv_and_path_ssv_are_errors_or_csv_guesses() {
    let text = format!(
        "{HEAD}paths:\n  /a/{{p}}:\n    get:\n      parameters:\n        \
         - {{name: t, in: query, type: array, items: {{type: string}}, collectionFormat: tsv}}\n        \
         - {{name: p, in: path, required: true, type: array, items: {{type: string}}, collectionFormat: ssv}}\n      \
         responses: {{'204': {{description: ok}}}}\n"
    );
    let (_, loaded) = run(&text, false);
    let located: Vec<_> = loaded
        .errors
        .iter()
        .map(|e| (e.kind, e.pointer.as_str()))
        .collect();
    assert_eq!(
        located,
        [
            (
                ErrorKind::Unsupported,
                "/paths/~1a~1{p}/get/parameters/0/collectionFormat"
            ),
            (
                ErrorKind::Unsupported,
                "/paths/~1a~1{p}/get/parameters/1/collectionFormat"
            ),
        ]
    );
    let (out, loaded) = run(&text, true);
    assert!(loaded.errors.is_empty());
    assert_eq!(loaded.guesses.len(), 2);
    assert!(loaded.guesses[0].message.ends_with("read as `csv`"));
    assert_eq!(
        at(&out, "/paths/~1a~1{p}/get/parameters/0/style"),
        &yaml("form")
    );
}

#[test]
fn x_nullable_becomes_nullable() {
    let (out, _) = run(
        &format!(
            "{HEAD}paths: {{}}\ndefinitions:\n  A:\n    type: object\n    discriminator: kind\n    properties:\n      \
             x-nullable: {{type: string, x-nullable: true}}\n      b: {{$ref: '#/definitions/B', x-nullable: true, description: D}}\n  B: {{type: string}}\n"
        ),
        false,
    );
    assert_eq!(
        at(&out, "/components/schemas/A/properties/x-nullable"),
        &yaml("{type: string, nullable: true}")
    );
    assert_eq!(
        at(&out, "/components/schemas/A/properties/b"),
        &yaml("{allOf: [{$ref: '#/components/schemas/B'}], nullable: true, description: D}")
    );
    assert_eq!(
        at(&out, "/components/schemas/A/discriminator"),
        &yaml("{propertyName: kind}")
    );
}

#[test]
fn security_definitions_become_schemes() {
    let text = format!(
        "{HEAD}paths: {{}}\nsecurityDefinitions:\n  b: {{type: basic}}\n  k: {{type: apiKey, name: key, in: query}}\n  \
         o: {{type: oauth2, flow: application, tokenUrl: 'https://t', scopes: {{r: Read}}}}\n  \
         i: {{type: oauth2, flow: implicit, authorizationUrl: 'https://a'}}\n  x: {{type: magic}}\n"
    );
    let (out, loaded) = run(&text, false);
    let schemes = at(&out, "/components/securitySchemes");
    assert_eq!(schemes["b"], yaml("{type: http, scheme: basic}"));
    assert_eq!(schemes["k"], yaml("{type: apiKey, name: key, in: query}"));
    assert_eq!(
        schemes["o"],
        yaml(
            "{type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t', scopes: {r: Read}}}}"
        )
    );
    assert_eq!(
        schemes["i"],
        yaml("{type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {}}}}")
    );
    assert!(schemes.get("x").is_none());
    assert_eq!(loaded.errors[0].pointer, "/securityDefinitions/x/type");
}

#[test]
fn servers_come_from_host_base_path_and_schemes() {
    let servers = |extra: &str| {
        let (out, _) = run(&format!("{HEAD}paths: {{}}\n{extra}"), false);
        out.get("servers").cloned()
    };
    assert_eq!(
        servers("host: api.example.com\nbasePath: /v1/\nschemes: [http, https]\n"),
        Some(yaml(
            "[{url: 'https://api.example.com/v1'}, {url: 'http://api.example.com/v1'}]"
        ))
    );
    assert_eq!(
        servers("host: api.example.com\n"),
        Some(yaml("[{url: 'https://api.example.com'}]"))
    );
    assert_eq!(servers("basePath: /api\n"), Some(yaml("[{url: /api}]")));
    assert_eq!(servers("basePath: /\n"), None);
}

#[test]
fn origins_map_converted_pointers_back() {
    let (_, loaded) = run(
        &format!(
            "{HEAD}definitions: {{A: {{type: string}}}}\npaths:\n  /a:\n    post:\n      parameters:\n        \
             - {{name: q, in: query, type: string}}\n        - {{name: b, in: body, schema: {{type: object}}}}\n        \
             - {{name: h, in: header, type: string}}\n      responses:\n        '200': {{description: ok, schema: {{type: string}}}}\n"
        ),
        false,
    );
    let origins: &Origins = &loaded.document.origins;
    for (converted, original) in [
        ("/components/schemas/A/type", "/definitions/A/type"),
        (
            "/paths/~1a/post/requestBody/content/application~1json/schema/properties",
            "/paths/~1a/post/parameters/1/schema/properties",
        ),
        (
            "/paths/~1a/post/parameters/1/schema",
            "/paths/~1a/post/parameters/2",
        ),
        (
            "/paths/~1a/post/responses/200/content/application~1json/schema",
            "/paths/~1a/post/responses/200/schema",
        ),
        ("/paths/~1a/post", "/paths/~1a/post"),
        ("/components/schemasX", "/components/schemasX"),
    ] {
        assert_eq!(origins.original(converted), original, "{converted}");
    }
}

#[test]
fn dangling_definitions_are_errors_or_any_value() {
    let text = format!(
        "{HEAD}definitions:\n  A: {{type: object, properties: {{b: {{type: object, $ref: '#/definitions/Gone'}}}}}}\n\
         paths:\n  /a:\n    get:\n      operationId: a\n      responses: {{'200': {{description: ok, schema: {{$ref: '#/definitions/A'}}}}}}\n"
    );
    let strict = load_with(&text, false).expect("loads");
    assert_eq!(
        (strict.errors[0].kind, strict.errors[0].pointer.as_str()),
        (ErrorKind::DanglingRef, "/definitions/A/properties/b/$ref")
    );
    let lenient = load_with(&text, true).expect("loads");
    assert!(lenient.errors.is_empty(), "{:?}", lenient.errors);
    assert_eq!(
        lenient.guesses[0].pointer,
        "/definitions/A/properties/b/$ref"
    );
    assert!(lenient.guesses[0].message.contains("#/definitions/Gone"));
}

#[test]
fn other_swagger_versions_are_refused() {
    let error = load_with("swagger: '1.2'\npaths: {}\n", false).expect_err("refused");
    assert_eq!(
        (error.kind, error.pointer.as_str()),
        (ErrorKind::UnsupportedVersion, "/swagger")
    );
}

#[test]
fn a_joined_form_array_is_refused_at_its_2_0_parameter_or_sent_exploded() {
    let text = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: things_create\n      consumes: [application/x-www-form-urlencoded]\n      \
         parameters:\n        - {{name: t, in: formData, type: array, items: {{type: string}}, collectionFormat: pipes}}\n      \
         responses: {{'204': {{description: ok}}}}\n"
    );
    let strict = crate::generate_with(&text, &crate::Options::default());
    assert_eq!(
        (strict.errors[0].kind, strict.errors[0].pointer.as_str()),
        (
            ErrorKind::Unsupported,
            "/paths/~1a/post/parameters/0/collectionFormat"
        )
    );
    let lenient = crate::generate_with(
        &text,
        &crate::Options {
            lenient: true,
            ..crate::Options::default()
        },
    );
    assert!(lenient.errors.is_empty(), "{:?}", lenient.errors);
    assert_eq!(lenient.operations_generated, 1);
    assert!(
        lenient.guesses[0]
            .message
            .ends_with("sent one pair per item")
    );
}
