//! A Prism mock server of `spec/digitalocean.yaml` for the contract tests, and a guard that
//! always stops it.
//!
//! Prism (`@stoplight/prism-cli`, pinned in `package.json`) comes from `npm ci`. It runs with
//! `--errors`, so a request that breaks the spec gets a 422 with an `sl-violations` header
//! instead of a mock response. Outside CI a missing Prism makes the contract tests ignored, with
//! the reason in the test output (the build script sets `cfg(no_prism)`); with `CI=true` they
//! run and fail, so CI can never pass without running them.

use std::io::{self, Read};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::spec::{self, SpecOperation};

/// How long Prism may take to load the spec and listen (it takes a few seconds on two cores).
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long Prism gets to exit after SIGTERM before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(5);
/// Attempts to start Prism: the free port is found before Prism binds it, so another process
/// can take it in between.
const START_ATTEMPTS: u32 = 3;

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives inside the workspace")
        .to_path_buf()
}

/// Whether the tests run in CI (`CI=true`, as CI services set it), where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A running Prism mock server. Dropping it stops Prism and everything Prism started, also when
/// the test panics.
pub struct Prism {
    /// The guard (`tests/support/guard.js`) running Prism.
    child: Child,
    /// The write end of the guard's stdin: when it closes, even because this process was
    /// killed, the guard stops Prism.
    _lifeline: ChildStdin,
    port: u16,
    stdout: Output,
    stderr: Output,
    readers: Vec<JoinHandle<()>>,
}

/// Text a Prism output stream has printed so far, filled by a thread that drains the pipe (an
/// undrained pipe would block Prism once its buffer is full).
type Output = Arc<Mutex<Vec<u8>>>;

impl Prism {
    /// Starts Prism on a free loopback port and waits until it accepts connections.
    ///
    /// Tests that use Prism carry `#[cfg_attr(no_prism, ignore = ..)]`: the tests crate's build
    /// script sets `no_prism` outside CI when Prism is not installed, so libtest lists them as
    /// ignored with the reason. A test that runs always gets Prism or fails.
    ///
    /// # Panics
    /// When Prism is not installed ("Prism not installed: run npm ci"), and whenever Prism
    /// cannot be started, exits early or does not listen within a minute; the message carries
    /// Prism's output.
    pub fn start() -> Prism {
        let root = workspace_root();
        let bin = root.join("node_modules/.bin/prism");
        assert!(
            bin.exists(),
            "Prism not installed: run npm ci, or `cargo xtask test`, which does (in {}; {} is \
             missing)",
            root.display(),
            bin.display()
        );
        let mut last_failure = String::new();
        for _ in 0..START_ATTEMPTS {
            match Prism::spawn(&root, &bin) {
                Ok(prism) => return prism,
                Err(failure) => last_failure = failure,
            }
        }
        panic!("Prism did not start after {START_ATTEMPTS} attempts: {last_failure}");
    }

    fn spawn(root: &Path, bin: &Path) -> Result<Prism, String> {
        let port = free_port();
        let mut command = guarded(root, bin);
        command
            .current_dir(root)
            .args(["mock", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string())
            .args(["--errors", "spec/digitalocean.yaml"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .map_err(|e| format!("could not run {} under the guard: {e}", bin.display()))?;
        let lifeline = child.stdin.take().expect("stdin is piped");
        let stdout: Output = Arc::default();
        let stderr: Output = Arc::default();
        let readers = vec![
            drain(
                child.stdout.take().expect("stdout is piped"),
                stdout.clone(),
            ),
            drain(
                child.stderr.take().expect("stderr is piped"),
                stderr.clone(),
            ),
        ];
        // From here on Drop stops Prism, whichever way this function returns.
        let mut prism = Prism {
            child,
            _lifeline: lifeline,
            port,
            stdout,
            stderr,
            readers,
        };
        prism.wait_until_listening()?;
        Ok(prism)
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        loop {
            if let Some(status) = self.exited() {
                return Err(format!(
                    "Prism exited with {status} before listening on port {}.\n{}",
                    self.port,
                    self.output()
                ));
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(format!(
                    "Prism did not listen on port {} within {STARTUP_TIMEOUT:?}.\n{}",
                    self.port,
                    self.output()
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// The loopback port Prism listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Prism's base URL, e.g. `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything Prism has logged so far (its stdout).
    pub fn log(&self) -> String {
        text(&self.stdout)
    }

    /// The lines of Prism's log that report a request or response violating the spec.
    pub fn violations(&self) -> Vec<String> {
        self.log()
            .lines()
            .filter(|line| line.contains("Violation:"))
            .map(str::to_owned)
            .collect()
    }

    /// The requests Prism received, in order, as (upper-case method, path without query).
    pub fn requests(&self) -> Vec<(String, String)> {
        self.log()
            .lines()
            .filter(|line| line.ends_with("Request received"))
            .filter_map(|line| {
                let rest = line.split_once("[HTTP SERVER] ")?.1;
                let mut words = rest.split_whitespace();
                let method = words.next()?.to_ascii_uppercase();
                let target = words.next()?;
                let path = target.split_once('?').map_or(target, |(path, _)| path);
                Some((method, path.to_owned()))
            })
            .collect()
    }

    /// Prism's stdout and stderr, for failure messages.
    pub fn output(&self) -> String {
        format!(
            "--- Prism stdout ---\n{}\n--- Prism stderr ---\n{}",
            tail(&self.log()),
            tail(&text(&self.stderr))
        )
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        if self.exited().is_none() {
            signal_group("TERM", &group);
            let deadline = Instant::now() + STOP_GRACE;
            while self.exited().is_none() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(50));
            }
        }
        // Also when Prism itself is gone: a process it forked may still hold the group.
        signal_group("KILL", &group);
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
    }
}

/// `node tests/support/guard.js <program>` as the leader of a new process group, with a piped
/// stdin: the guard stops the program (and its group) when that pipe closes, so a server outlives
/// neither `Drop` nor a test process killed outright.
pub fn guarded(root: &Path, program: &Path) -> Command {
    let mut command = Command::new("node");
    command
        .arg(root.join("tests/support/guard.js"))
        .arg(program)
        .stdin(Stdio::piped());
    // Its own process group, so that Drop can signal the guard, Prism and anything Prism forks.
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command
}

/// Whether any process of the group still exists (`kill -0`).
pub fn group_alive(group_leader: u32) -> bool {
    Command::new("kill")
        .args(["-0", "--", &format!("-{group_leader}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Sends a signal to a whole process group with kill(1); the workspace forbids `unsafe`, so
/// there is no direct `kill(2)`. A group that no longer exists is not an error here.
fn signal_group(signal: &str, group: &str) {
    let _ = Command::new("kill")
        .args([&format!("-{signal}"), "--", group])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// A loopback port that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("could not bind a loopback port")
}

fn drain(mut pipe: impl Read + Send + 'static, into: Output) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut chunk = [0u8; 8192];
        loop {
            match pipe.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => into.lock().unwrap().extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    })
}

fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.lock().unwrap()).into_owned()
}

/// The last lines of a log, so that a failure message stays readable.
fn tail(log: &str) -> String {
    const LINES: usize = 60;
    let lines: Vec<&str> = log.lines().collect();
    let skipped = lines.len().saturating_sub(LINES);
    let mut out = String::new();
    if skipped > 0 {
        out.push_str(&format!("[{skipped} earlier lines left out]\n"));
    }
    out.push_str(&lines[skipped..].join("\n"));
    out
}

/// The spec operation a request is for: same method, and a path matching the template segment by
/// segment. A literal segment wins over a parameter (`/v2/security/scans/latest` is not a scan id).
pub fn operation_of(method: &str, path: &str) -> Option<&'static SpecOperation> {
    let segments: Vec<&str> = path.split('/').collect();
    spec::operations()
        .iter()
        .filter(|op| op.method.eq_ignore_ascii_case(method))
        .filter(|op| {
            let template: Vec<&str> = op.path.split('/').collect();
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
        })
        .min_by_key(|op| op.path_params.len())
}

#[cfg(test)]
mod guard_tests {
    use super::*;

    /// Closing the guard's stdin, which is what the kernel does when the test process dies,
    /// stops the guarded program and its whole group.
    #[test]
    #[cfg_attr(
        no_node,
        ignore = "node is not installed (with CI=true this test fails instead)"
    )]
    fn the_guard_stops_its_program_when_the_lifeline_closes() {
        let root = workspace_root();
        let mut child = guarded(&root, Path::new("sleep"))
            .arg("300")
            .stdout(Stdio::null())
            .spawn()
            .expect("node starts");
        let group = child.id();
        let lifeline = child.stdin.take().expect("stdin is piped");
        // The guard has started `sleep` once a process other than the guard is in the group;
        // give it a moment, then check the group is alive.
        thread::sleep(Duration::from_millis(500));
        assert!(
            child.try_wait().unwrap().is_none(),
            "the guard exited early"
        );
        assert!(group_alive(group), "the guarded group is not running");

        drop(lifeline);
        // The guard exits (and is reaped here, else it would linger as a zombie of the group),
        // and the program with it.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut exited = None;
        while Instant::now() < deadline {
            exited = child.try_wait().unwrap();
            if exited.is_some() && !group_alive(group) {
                break;
            }
            thread::sleep(Duration::from_millis(50));
        }
        let alive = group_alive(group);
        if alive || exited.is_none() {
            // Clean up before failing: this test must not leave `sleep` behind either.
            signal_group("KILL", &format!("-{group}"));
            let _ = child.wait();
        }
        assert!(
            exited.is_some(),
            "the guard did not exit when its stdin closed"
        );
        assert!(!alive, "the guarded program outlived its lifeline");
    }
}
