//! `Client::from_env` reading the real process environment. The variables are process-global,
//! so each case runs this test binary again as a child process with its own environment (no
//! test here or elsewhere changes the environment of a running process).

use std::process::Command;

use digitalocean_client::Client;

const CHILD: &str = "FROM_ENV_TEST_CHILD";
const VARIABLES: [&str; 3] = [
    "DIGITALOCEAN_TOKEN",
    "DIGITALOCEAN_ACCESS_TOKEN",
    "DIGITALOCEAN_API_URL",
];

/// In a child: builds a client from the environment, sends one request to the base URL and
/// prints what happened on a line starting with `RESULT `.
fn child() {
    let outcome = match Client::from_env() {
        Err(error) => format!("error {error}"),
        // Nothing is sent anywhere but loopback.
        Ok(client) if !client.base_url().starts_with("http://127.0.0.1:") => {
            format!("ok {} not-sent", client.base_url())
        }
        Ok(client) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let sent = runtime.block_on(async {
                client
                    .request(digitalocean_client::reqwest::Method::GET, "/v2/account")
                    .send_empty()
                    .await
            });
            format!("ok {} {}", client.base_url(), sent.is_ok())
        }
    };
    println!("RESULT {outcome}");
}

/// Runs the child with exactly `vars` of the three variables set.
fn run_child(vars: &[(&str, &str)]) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "from_env::from_env_reads_the_process_environment",
            "--nocapture",
        ])
        .env(CHILD, "1");
    for name in VARIABLES {
        command.env_remove(name);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("RESULT "))
        .unwrap_or_else(|| panic!("no RESULT line in {stdout}"))
        .to_owned()
}

/// A loopback server that answers each connection with 204 and reports each request head.
fn server() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut head = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            if sender.send(head).is_err() {
                return;
            }
        }
    });
    (url, receiver)
}

#[test]
fn from_env_reads_the_process_environment() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let (url, heads) = server();

    // DIGITALOCEAN_TOKEN, and the base URL from DIGITALOCEAN_API_URL.
    let result = run_child(&[
        ("DIGITALOCEAN_TOKEN", "dop_v1_primary"),
        ("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_doctl"),
        ("DIGITALOCEAN_API_URL", &url),
    ]);
    assert_eq!(result, format!("ok {url}/ true"));
    let head = heads.recv().unwrap();
    assert!(
        head.contains("authorization: Bearer dop_v1_primary"),
        "{head}"
    );

    // doctl's variable when the first is unset.
    let result = run_child(&[
        ("DIGITALOCEAN_ACCESS_TOKEN", "dop_v1_doctl"),
        ("DIGITALOCEAN_API_URL", &url),
    ]);
    assert_eq!(result, format!("ok {url}/ true"));
    let head = heads.recv().unwrap();
    assert!(
        head.contains("authorization: Bearer dop_v1_doctl"),
        "{head}"
    );

    // Neither: a typed error naming both.
    let result = run_child(&[("DIGITALOCEAN_API_URL", &url)]);
    assert!(result.starts_with("error "), "{result}");
    assert!(result.contains("DIGITALOCEAN_TOKEN"), "{result}");
    assert!(result.contains("DIGITALOCEAN_ACCESS_TOKEN"), "{result}");

    // An empty base URL variable counts as unset: the real API (nothing is sent there).
    let result = run_child(&[("DIGITALOCEAN_TOKEN", "t"), ("DIGITALOCEAN_API_URL", "")]);
    assert_eq!(result, "ok https://api.digitalocean.com/ not-sent");
}
